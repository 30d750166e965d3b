"use client";

import { LocalTime } from "@/components/local-time";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { ROLE_LABELS } from "@/lib/organizations/schemas";
import type { OrganizationActions, PendingInvitation } from "@/lib/organizations/views";

type Props = {
  organizationId: string;
  invitations: PendingInvitation[];
  cancelInvitation: OrganizationActions["cancelInvitation"];
};

/** The invitations still waiting for an answer, each of which an admin may take back. */
export function PendingInvitations({ organizationId, invitations, cancelInvitation }: Props) {
  if (invitations.length === 0)
    return <p className="text-sm text-gray-600">No invitations are waiting for an answer.</p>;
  return (
    <ul className="divide-y divide-gray-200 rounded-lg border border-gray-200 bg-white shadow-sm">
      {invitations.map((i) => (
        <li key={i.id} aria-label={i.invitee} className="flex flex-wrap items-center justify-between gap-2 px-5 py-3">
          <div className="min-w-0">
            <p className="font-medium break-all">{i.invitee}</p>
            <p className="text-sm text-gray-600">
              {ROLE_LABELS[i.role]} · invited by {i.invitedBy} · expires <LocalTime value={i.expiresAt} format="date" />
            </p>
          </div>
          <ConfirmDialog
            title={`Cancel the invitation to ${i.invitee}?`}
            description="The invitation and its link stop working at once. You can invite them again later."
            confirmLabel="Cancel invitation"
            dismissLabel="Keep it"
            danger
            trigger={{ label: "Cancel", ariaLabel: `Cancel the invitation to ${i.invitee}` }}
            onConfirm={() => cancelInvitation({ organizationId, invitationId: i.id })}
          />
        </li>
      ))}
    </ul>
  );
}
