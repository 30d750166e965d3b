"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { callAction } from "@/components/forms/call-action";
import { FormAlert } from "@/components/forms/form-alert";
import { showServerErrors } from "@/components/forms/server-errors";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import type { AccountSettingsActions } from "@/lib/accounts/views";
import { changePasswordSchema, type ChangePasswordInput } from "@/lib/auth/schemas";

const EMPTY: ChangePasswordInput = { currentPassword: "", password: "", confirm: "" };

/** What the person sees once the password is changed. */
function doneMessage(signedOut: number): string {
  const others =
    signedOut === 0
      ? "No other browser was signed in."
      : `${signedOut} other ${signedOut === 1 ? "browser was" : "browsers were"} signed out.`;
  return `Your password is changed. ${others}`;
}

export function ChangePasswordForm({ changePassword }: { changePassword: AccountSettingsActions["changePassword"] }) {
  const [done, setDone] = useState<string | null>(null);
  const form = useForm<ChangePasswordInput>({ resolver: zodResolver(changePasswordSchema), defaultValues: EMPTY });
  const { register, handleSubmit, reset, formState } = form;
  const { errors, isSubmitting } = formState;
  const onSubmit = handleSubmit(async (values) => {
    setDone(null);
    const result = await callAction(() => changePassword(values));
    if (!result.ok) return showServerErrors(form, result);
    reset(EMPTY);
    setDone(doneMessage(result.data.signedOut));
  });
  return (
    <form onSubmit={onSubmit} noValidate className="grid max-w-md gap-4">
      <Field label="Current password" id="current-password" error={errors.currentPassword?.message} required>
        <input id="current-password" type="password" autoComplete="current-password" {...register("currentPassword")} />
      </Field>
      <Field
        label="New password"
        id="new-password"
        error={errors.password?.message}
        hint="At least 12 characters, not a common password, and not your e-mail address or username."
        required
      >
        <input id="new-password" type="password" autoComplete="new-password" {...register("password")} />
      </Field>
      <Field label="The same again" id="confirm-password" error={errors.confirm?.message} required>
        <input id="confirm-password" type="password" autoComplete="new-password" {...register("confirm")} />
      </Field>
      <FormAlert message={errors.root?.message} />
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" disabled={isSubmitting}>
          {isSubmitting ? "Changing…" : "Change password"}
        </Button>
        <p role="status" className="text-sm text-green-800">
          {done}
        </p>
      </div>
    </form>
  );
}
