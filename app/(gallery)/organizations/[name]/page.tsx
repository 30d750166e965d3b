import type { Metadata } from "next";
import { PageTitle } from "@/components/page-title";
import Link from "next/link";
import { notFound } from "next/navigation";
import { clsx } from "clsx";
import { InviteMemberForm, MemberControls, RevokeOrganizationKey } from "@/components/organizations/member-controls";
import { PendingInvitations } from "@/components/organizations/pending-invitations";
import { TwoFactorRequirement } from "@/components/organizations/two-factor-requirement";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { getOrganization, listOrganizationKeys } from "@/lib/db/organizations";
import { listPendingInvitations } from "@/lib/organizations/invitations";
import { requireParam } from "@/lib/page-params";
import { keyStatus, statusText } from "@/lib/keys/expiry";
import { SCOPES } from "@/lib/keys/scopes";
import { LocalTime } from "@/components/local-time";
import { DataTable } from "@/components/ui/data-table";
import {
  cancelInvitationAction,
  inviteMemberAction,
  removeMemberAction,
  revokeOrganizationKeyAction,
  setRoleAction,
  setTwoFactorRequirementAction,
} from "../actions";

type Props = { params: Promise<{ name: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const name = (await params).name;
  return { title: /^[A-Za-z0-9_.-]+$/.test(name) ? name : "Organization" };
}

export default async function OrganizationPage({ params }: Props) {
  const user = await requireUser();
  const org = await getOrganization(db, user.id, requireParam((await params).name));
  if (!org) notFound();
  const isAdmin = org.myRole === "admin";
  const now = new Date();
  const [keys, invitations] = isAdmin
    ? await Promise.all([listOrganizationKeys(db, user.id, org.id), listPendingInvitations(db, user.id, org.id, now)])
    : [null, null];
  return (
    <div className="space-y-8">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <PageTitle>
          {org.username} <span className="text-lg text-gray-600">{org.name}</span>
        </PageTitle>
        {isAdmin && (
          <Link href={`/organizations/${org.username}/audit`} className="text-brand text-sm hover:underline">
            Audit log
          </Link>
        )}
      </div>
      <TwoFactorRequirement org={org} user={user} setRequirement={setTwoFactorRequirementAction} />

      <section aria-labelledby="members-heading" className="space-y-3">
        <h2 id="members-heading" className="text-xl font-semibold">
          Members
        </h2>
        <ul className="divide-y divide-gray-200 rounded-lg border border-gray-200 bg-white shadow-sm">
          {org.members.map((m) => (
            <li
              key={m.userId}
              aria-label={m.username}
              className="flex flex-wrap items-center justify-between gap-2 px-5 py-3"
            >
              <div>
                <p className="font-medium">
                  {m.username} {m.userId === user.id && <span className="text-sm text-gray-600">(you)</span>}
                </p>
                <p className="text-sm text-gray-600">{m.email}</p>
              </div>
              <MemberControls
                organizationId={org.id}
                userId={m.userId}
                username={m.username}
                role={m.role}
                isAdmin={isAdmin}
                isSelf={m.userId === user.id}
                actions={{ setRole: setRoleAction, removeMember: removeMemberAction }}
              />
            </li>
          ))}
        </ul>
        {isAdmin && (
          <div className="rounded-lg border border-gray-200 bg-white p-5 shadow-sm">
            <h3 className="mb-3 font-semibold">Invite a member</h3>
            <InviteMemberForm organizationId={org.id} inviteMember={inviteMemberAction} />
          </div>
        )}
      </section>

      {invitations && (
        <section aria-labelledby="invitations-heading" className="space-y-3">
          <h2 id="invitations-heading" className="text-xl font-semibold">
            Pending invitations
          </h2>
          <PendingInvitations
            organizationId={org.id}
            invitations={invitations}
            cancelInvitation={cancelInvitationAction}
          />
        </section>
      )}

      {keys && (
        <section aria-labelledby="org-keys-heading" className="space-y-3">
          <h2 id="org-keys-heading" className="text-xl font-semibold">
            API keys for {org.username}
          </h2>
          {keys.length === 0 ? (
            <p className="text-gray-600">No member has made a key for this organization.</p>
          ) : (
            <DataTable columns={["Name", "Creator", "Scopes", "Status", "Last used", "Actions"]} padding="px-4">
              {keys.map((k) => {
                const status = keyStatus(k, now);
                return (
                  <tr key={k.id} className="border-t border-gray-100 align-top">
                    <td className="px-4 py-2 font-medium">{k.name}</td>
                    <td className="px-4 py-2">
                      {k.creator}
                      {!k.creatorIsMember && <span className="block text-xs text-red-700">no longer a member</span>}
                    </td>
                    <td className="px-4 py-2">
                      {k.scopes.map((s) => SCOPES.find((x) => x.id === s)?.short).join(", ")}
                    </td>
                    <td
                      className={clsx(
                        "px-4 py-2",
                        (status.kind === "expired" || status.kind === "revoked") && "text-red-700",
                      )}
                    >
                      {statusText(status)}
                    </td>
                    <td className="px-4 py-2">{k.lastUsedAt ? <LocalTime value={k.lastUsedAt} /> : "Never used"}</td>
                    <td className="px-4 py-2 text-right">
                      {!k.revokedAt && (
                        <RevokeOrganizationKey
                          organizationId={org.id}
                          keyId={k.id}
                          keyName={k.name}
                          revokeKey={revokeOrganizationKeyAction}
                        />
                      )}
                    </td>
                  </tr>
                );
              })}
            </DataTable>
          )}
        </section>
      )}
    </div>
  );
}
