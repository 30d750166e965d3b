"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { callAction } from "@/components/forms/call-action";
import { FormAlert } from "@/components/forms/form-alert";
import { showServerErrors } from "@/components/forms/server-errors";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import type { AccountSettingsActions } from "@/lib/accounts/views";
import { changeEmailSchema, type ChangeEmailInput } from "@/lib/auth/schemas";

const EMPTY: ChangeEmailInput = { email: "", password: "" };

export function ChangeEmailForm({ changeEmail }: { changeEmail: AccountSettingsActions["changeEmail"] }) {
  const [sentTo, setSentTo] = useState<string | null>(null);
  const form = useForm<ChangeEmailInput>({ resolver: zodResolver(changeEmailSchema), defaultValues: EMPTY });
  const { register, handleSubmit, reset, formState } = form;
  const { errors, isSubmitting } = formState;
  const onSubmit = handleSubmit(async (values) => {
    setSentTo(null);
    const result = await callAction(() => changeEmail(values));
    if (!result.ok) return showServerErrors(form, result);
    reset(EMPTY);
    setSentTo(values.email);
  });
  return (
    <form onSubmit={onSubmit} noValidate className="grid max-w-md gap-4">
      <Field label="New e-mail address" id="new-email" error={errors.email?.message} required>
        <input id="new-email" type="email" autoComplete="email" {...register("email")} />
      </Field>
      <Field
        label="Current password"
        id="email-password"
        error={errors.password?.message}
        hint="So nobody who finds this browser signed in can take the account."
        required
      >
        <input id="email-password" type="password" autoComplete="current-password" {...register("password")} />
      </Field>
      <FormAlert message={errors.root?.message} />
      <div>
        <Button type="submit" disabled={isSubmitting}>
          {isSubmitting ? "Sending…" : "Change e-mail address"}
        </Button>
      </div>
      <p role="status" className="text-sm text-green-800 empty:hidden">
        {sentTo && (
          <>
            We sent a link to <strong className="break-all">{sentTo}</strong>; your address changes once you confirm it
            there. Until then, mail keeps going to your current address, which has been told of the change.
          </>
        )}
      </p>
    </form>
  );
}

/** "Send the link again" while the account's address is not confirmed. */
export function ResendConfirmation({ resend }: { resend: AccountSettingsActions["resendConfirmation"] }) {
  const [pending, startTransition] = useTransition();
  const [answer, setAnswer] = useState<{ ok: boolean; text: string } | null>(null);
  const send = () =>
    startTransition(async () => {
      const result = await callAction(() => resend({}));
      setAnswer(
        result.ok
          ? { ok: true, text: "We sent a new link. Older links no longer work." }
          : { ok: false, text: result.error },
      );
    });
  return (
    <div className="flex flex-wrap items-center gap-3">
      <Button variant="secondary" onClick={send} disabled={pending}>
        {pending ? "Sending…" : "Send the link again"}
      </Button>
      <p
        role={answer?.ok === false ? "alert" : "status"}
        className={answer?.ok === false ? "text-sm text-red-700" : "text-sm text-green-800"}
      >
        {answer?.text}
      </p>
    </div>
  );
}
