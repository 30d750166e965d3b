"use client";

import Link from "next/link";
import { useState } from "react";
import { callAction } from "@/components/forms/call-action";
import { Button } from "@/components/ui/button";
import type { Result } from "@/lib/result";

type Props = { email: string; resend: (input: Record<string, never>) => Promise<Result>; demoMailbox?: boolean };

/** Shown until the account's address is confirmed: no keys and no pushes before that. */
export function ConfirmEmailNotice({ email, resend, demoMailbox = false }: Props) {
  const [state, setState] = useState<{ pending?: boolean; sent?: boolean; error?: string }>({});
  async function send() {
    setState({ pending: true });
    const result = await callAction(() => resend({}));
    setState(result.ok ? { sent: true } : { error: result.error });
  }
  return (
    <section
      aria-labelledby="confirm-email-title"
      className="rounded border-l-4 border-blue-600 bg-blue-50 px-4 py-3 text-sm text-blue-950"
    >
      <h2 id="confirm-email-title" className="font-semibold">
        Confirm your e-mail address
      </h2>
      <p className="mt-1">
        We sent a link to <strong>{email}</strong>. Open it to confirm the address: until then you cannot create API
        keys or push packages.
        {demoMailbox && (
          <>
            {" "}
            <Link href={`/demo/mailbox?to=${encodeURIComponent(email)}`} className="underline underline-offset-2">
              Open the demo mailbox
            </Link>
          </>
        )}
      </p>
      <div className="mt-2 flex flex-wrap items-center gap-3">
        <Button type="button" variant="secondary" onClick={send} disabled={state.pending}>
          {state.pending ? "Sending…" : "Send the link again"}
        </Button>
        <p role="status" className={state.error ? "text-red-800" : undefined}>
          {state.sent ? `A new link is on its way to ${email}.` : state.error}
        </p>
      </div>
    </section>
  );
}
