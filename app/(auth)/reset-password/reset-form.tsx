"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { setNewPassword, type ResetState } from "./actions";

export function ResetForm({ token }: { token: string }) {
  const [state, formAction, pending] = useActionState<ResetState, FormData>(setNewPassword, {});
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <input type="hidden" name="token" value={token} />
      {state.error && (
        <p role="alert" className="rounded border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800">
          {state.error}
        </p>
      )}
      <Field
        label="New password"
        id="password"
        error={state.fieldErrors?.password?.[0]}
        hint="At least 12 characters, not one of the most common passwords."
        required
      >
        <input id="password" name="password" type="password" autoComplete="new-password" />
      </Field>
      <Field label="The same again" id="confirm" error={state.fieldErrors?.confirm?.[0]} required>
        <input id="confirm" name="confirm" type="password" autoComplete="new-password" />
      </Field>
      <Button type="submit" disabled={pending} className="w-full">
        {pending ? "Saving…" : "Set the new password"}
      </Button>
    </form>
  );
}
