"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useForm } from "react-hook-form";
import { callAction } from "@/components/forms/call-action";
import { FormAlert } from "@/components/forms/form-alert";
import { showServerErrors } from "@/components/forms/server-errors";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import {
  createOrganizationSchema,
  type CreateOrganizationInput,
  type CreateOrganizationValues,
} from "@/lib/organizations/schemas";
import type { OrganizationActions } from "@/lib/organizations/views";

type Props = { createOrganization: OrganizationActions["createOrganization"] };

export function CreateOrganizationForm({ createOrganization }: Props) {
  const router = useRouter();
  const form = useForm<CreateOrganizationInput, unknown, CreateOrganizationValues>({
    resolver: zodResolver(createOrganizationSchema),
    defaultValues: { username: "", name: "" },
  });
  const { register, handleSubmit, formState } = form;
  const { errors, isSubmitting } = formState;
  const onSubmit = handleSubmit(async (values) => {
    const result = await callAction(() => createOrganization(values));
    if (!result.ok) return showServerErrors(form, result);
    router.push(`/organizations/${result.data.username}`);
  });
  return (
    <form
      onSubmit={onSubmit}
      noValidate
      className="grid gap-4 rounded-lg border border-gray-200 bg-white p-5 shadow-sm sm:grid-cols-[1fr_1fr_auto] sm:items-start"
    >
      <Field
        label="Organization name"
        id="org-username"
        error={errors.username?.message}
        hint="Used in URLs and as the package owner."
      >
        <input id="org-username" type="text" autoComplete="off" {...register("username")} />
      </Field>
      <Field label="Display name" id="org-name" error={errors.name?.message}>
        <input id="org-name" type="text" autoComplete="organization" {...register("name")} />
      </Field>
      <Button type="submit" disabled={isSubmitting} className="sm:mt-6">
        {isSubmitting ? "Creating…" : "Create organization"}
      </Button>
      <FormAlert message={errors.root?.message} className="text-sm text-red-700 sm:col-span-3" />
    </form>
  );
}
