"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { createOrganizationAction } from "@/app/(gallery)/organizations/actions";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import type { FieldErrors } from "@/lib/auth/session";

export function CreateOrganizationForm() {
  const router = useRouter();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [pending, start] = useTransition();
  const submit = (form: FormData) =>
    start(async () => {
      const result = await createOrganizationAction({
        username: String(form.get("username")),
        name: String(form.get("name")),
      });
      if (!result.ok) return setErrors(result.fieldErrors ?? { form: [result.error] });
      setErrors({});
      router.push(`/organizations/${result.data.username}`);
    });
  return (
    <form
      action={submit}
      noValidate
      className="grid gap-4 rounded-lg border border-gray-200 bg-white p-5 shadow-sm sm:grid-cols-[1fr_1fr_auto] sm:items-start"
    >
      <Field
        label="Organization name"
        id="org-username"
        error={errors.username?.[0]}
        hint="Used in URLs and as the package owner."
      >
        <input id="org-username" name="username" type="text" autoComplete="off" />
      </Field>
      <Field label="Display name" id="org-name" error={errors.name?.[0]}>
        <input id="org-name" name="name" type="text" autoComplete="organization" />
      </Field>
      <Button type="submit" disabled={pending} className="sm:mt-6">
        {pending ? "Creating…" : "Create organization"}
      </Button>
      {errors.form && (
        <p role="alert" className="text-sm text-red-700 sm:col-span-3">
          {errors.form[0]}
        </p>
      )}
    </form>
  );
}
