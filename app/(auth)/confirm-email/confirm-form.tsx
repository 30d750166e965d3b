"use client";

import Link from "next/link";
import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { confirmAddress, type ConfirmState } from "./actions";

/** A button rather than the link itself, so a mail scanner that opens links cannot use the token up. */
export function ConfirmForm({ token }: { token: string }) {
  const [state, formAction, pending] = useActionState<ConfirmState, FormData>(confirmAddress, {});
  if (state.confirmed) {
    return (
      <div role="status" className="space-y-4 text-sm text-gray-800">
        <p>
          {state.confirmed.changed ? "Your account's e-mail address is now" : "Thank you: your address"}{" "}
          <strong>{state.confirmed.email}</strong>
          {state.confirmed.changed ? "." : " is confirmed. You can create API keys and push packages."}
        </p>
        <Link href="/account/apikeys" className="text-brand underline underline-offset-2">
          Go to your API keys
        </Link>
      </div>
    );
  }
  return (
    <form action={formAction} className="space-y-4">
      <input type="hidden" name="token" value={token} />
      {state.error && (
        <p role="alert" className="rounded border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800">
          {state.error}
        </p>
      )}
      <Button type="submit" disabled={pending} className="w-full">
        {pending ? "Confirming…" : "Confirm my e-mail address"}
      </Button>
    </form>
  );
}
