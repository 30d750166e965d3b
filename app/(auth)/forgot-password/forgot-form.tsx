"use client";

import Link from "next/link";
import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { forgotPassword, type ForgotState } from "./actions";

/** In demo mode the "sent" answer links to the demo mailbox, where the mail waits. */
export function ForgotForm({ demoMailbox = false }: { demoMailbox?: boolean }) {
  const [state, formAction, pending] = useActionState<ForgotState, FormData>(forgotPassword, {});
  if (state.sent) {
    return (
      <p role="status" className="text-sm text-gray-800">
        If an account has the address <strong>{state.email}</strong>, a link to set a new password is on its way. It
        works once, within an hour.
        {demoMailbox && (
          <>
            {" "}
            <Link
              href={`/demo/mailbox?to=${encodeURIComponent(state.email ?? "")}`}
              className="text-brand underline underline-offset-2"
            >
              Open the demo mailbox
            </Link>
          </>
        )}
      </p>
    );
  }
  return (
    <form action={formAction} className="space-y-4" noValidate>
      {state.error && (
        <p role="alert" className="rounded border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800">
          {state.error}
        </p>
      )}
      <Field label="E-mail address" id="email" error={state.fieldErrors?.email?.[0]} required>
        <input id="email" name="email" type="email" autoComplete="username" defaultValue={state.email} />
      </Field>
      <Button type="submit" disabled={pending} className="w-full">
        {pending ? "Sending…" : "Send me a link"}
      </Button>
    </form>
  );
}
