"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { registerAccount, type RegisterState } from "./actions";

type Props = { invitation?: string; email?: string };

export function RegisterForm({ invitation, email }: Props) {
  const [state, formAction, pending] = useActionState<RegisterState, FormData>(registerAccount, {});
  const errors = state.fieldErrors ?? {};
  return (
    <form action={formAction} className="space-y-4" noValidate>
      {invitation && <input type="hidden" name="invitation" value={invitation} />}
      {state.error && (
        <p role="alert" className="rounded border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800">
          {state.error}
        </p>
      )}
      <Field
        label="Username"
        id="username"
        error={errors.username?.[0]}
        hint="Shown as the owner of your packages. Letters, digits, '.', '_' and '-'."
        required
      >
        <input id="username" name="username" autoComplete="username" defaultValue={state.values?.username} />
      </Field>
      <Field label="E-mail address" id="email" error={errors.email?.[0]} required>
        <input id="email" name="email" type="email" autoComplete="email" defaultValue={state.values?.email ?? email} />
      </Field>
      <Field
        label="Password"
        id="password"
        error={errors.password?.[0]}
        hint="At least 12 characters; not a common password, and not your e-mail address or username."
        required
      >
        <input id="password" name="password" type="password" autoComplete="new-password" />
      </Field>
      <Field label="Confirm password" id="confirm" error={errors.confirm?.[0]} required>
        <input id="confirm" name="confirm" type="password" autoComplete="new-password" />
      </Field>
      <Button type="submit" disabled={pending} className="w-full">
        {pending ? "Creating your account…" : "Create account"}
      </Button>
    </form>
  );
}
