"use client";

import Link from "next/link";
import { useState, useTransition } from "react";
import { callAction } from "@/components/forms/call-action";
import { LocalTime } from "@/components/local-time";
import { Button } from "@/components/ui/button";
import { ROLE_LABELS } from "@/lib/organizations/schemas";
import type { InvitationActions, MyInvitation } from "@/lib/organizations/views";

type Outcome = { ok: true; text: string; organization?: string } | { ok: false; text: string };
type Props = { invitations: MyInvitation[]; actions: InvitationActions };

/** The signed-in user's invitations, each with Accept and Decline; the outcome stays announced above the list. */
export function InvitationList({ invitations, actions }: Props) {
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [, startTransition] = useTransition();
  const answer = (invitation: MyInvitation, reply: "accept" | "decline") =>
    startTransition(async () => {
      setBusy(invitation.id);
      const result = await callAction(() => actions[reply]({ invitationId: invitation.id }));
      setBusy(null);
      if (!result.ok) return setOutcome({ ok: false, text: result.error });
      const organization = result.data.organization;
      setOutcome(
        reply === "accept"
          ? { ok: true, text: `You joined ${organization}.`, organization }
          : { ok: true, text: `You declined the invitation to join ${organization}.` },
      );
    });
  return (
    <div className="space-y-4">
      <div role="status" aria-live="polite">
        {outcome?.ok && (
          <p className="rounded border border-green-300 bg-green-50 px-4 py-3 text-sm text-green-900">
            {outcome.text}{" "}
            {outcome.organization && (
              <Link
                href={`/organizations/${outcome.organization}`}
                className="font-medium underline underline-offset-2"
              >
                Open {outcome.organization}
              </Link>
            )}
          </p>
        )}
      </div>
      {outcome && !outcome.ok && (
        <p role="alert" className="rounded border border-red-300 bg-red-50 px-4 py-3 text-sm text-red-800">
          {outcome.text}
        </p>
      )}
      {invitations.length === 0 ? (
        <p className="text-gray-600">You have no invitations waiting for an answer.</p>
      ) : (
        <ul className="divide-y divide-gray-200 rounded-lg border border-gray-200 bg-white shadow-sm">
          {invitations.map((i) => (
            <li
              key={i.id}
              aria-label={i.organization}
              className="flex flex-wrap items-center justify-between gap-3 px-5 py-4"
            >
              <div className="min-w-0">
                <p className="font-medium">
                  {i.organization} <span className="text-sm font-normal text-gray-600">{i.organizationName}</span>
                </p>
                <p className="text-sm text-gray-700">
                  {i.invitedBy} invited you as {ROLE_LABELS[i.role].toLowerCase()}. Expires{" "}
                  <LocalTime value={i.expiresAt} format="date" />.
                </p>
              </div>
              <div className="flex gap-2">
                <Button
                  aria-label={`Accept the invitation to join ${i.organization}`}
                  disabled={busy !== null}
                  onClick={() => answer(i, "accept")}
                >
                  Accept
                </Button>
                <Button
                  variant="secondary"
                  aria-label={`Decline the invitation to join ${i.organization}`}
                  disabled={busy !== null}
                  onClick={() => answer(i, "decline")}
                >
                  Decline
                </Button>
              </div>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
