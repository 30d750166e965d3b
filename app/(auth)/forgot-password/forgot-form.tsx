"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { forgotPassword, type ForgotState } from "./actions";

export function ForgotForm() {
  const [state, formAction, pending] = useActionState<ForgotState, FormData>(forgotPassword, {});
  if (state.sent) {
    return (
      <p role="status" className="text-sm text-gray-800">
        If an account has the address <strong>{state.email}</strong>, a link to set a new password is on its way. It
        works once, within an hour.
      </p>
    );
  }
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <Field label="E-mail address" id="email" error={state.fieldErrors?.email?.[0]} required>
        <input id="email" name="email" type="email" autoComplete="username" defaultValue={state.email} />
      </Field>
      <Button type="submit" disabled={pending} className="w-full">
        {pending ? "Sending…" : "Send me a link"}
      </Button>
    </form>
  );
}
