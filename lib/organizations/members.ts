import { auditKeyChange } from "@/lib/api-keys/own-key";
import { listActiveKeysFor, markKeyRevoked } from "@/lib/db/api-keys";
import { recordAudit } from "@/lib/db/audit";
import type { Db } from "@/lib/db/client";
import { forgetAllKeys } from "@/lib/db/key-auth";
import { deleteMembership, updateRole } from "@/lib/db/organizations";
import { findAccountName } from "@/lib/db/owners";
import type { Tx } from "@/lib/db/client";
import { queueKeyMail } from "@/lib/mail/outbox";
import { fail, ok, type Result } from "@/lib/result";
import { changeMembership, ORG_NOT_FOUND } from "./membership-change";
import type { Role } from "./schemas";

const NOT_A_MEMBER = "That person is not a member.";

export function setMemberRole(db: Db, actorId: string, orgId: string, userId: string, role: Role): Promise<Result> {
  return changeMembership(db, actorId, orgId, "admin", async (tx) => {
    if (!(await updateRole(tx, orgId, userId, role))) return fail(NOT_A_MEMBER);
    await recordAudit(tx, { action: "member.role", actorId, accountId: orgId, detail: { userId, role } });
    return ok();
  });
}

/**
 * Removes a member (admins), or lets members leave. Their keys for the organization are revoked, with the
 * reason on each key and a mail to them, so re-adding them later does not bring the old keys back.
 */
export async function removeMember(
  db: Db,
  actorId: string,
  orgId: string,
  userId: string,
  now = new Date(),
): Promise<Result> {
  const leave = actorId === userId;
  try {
    return await changeMembership(db, actorId, orgId, leave ? "member" : "admin", async (tx) => {
      if (!(await deleteMembership(tx, orgId, userId))) return fail(leave ? ORG_NOT_FOUND : NOT_A_MEMBER);
      await recordAudit(tx, {
        action: leave ? "member.leave" : "member.remove",
        actorId,
        accountId: orgId,
        detail: { userId },
      });
      await revokeKeysOfFormerMember(tx, { actorId, orgId, userId, leave, now });
      return ok();
    });
  } finally {
    forgetAllKeys(db);
  }
}

async function revokeKeysOfFormerMember(
  tx: Tx,
  { actorId, orgId, userId, leave, now }: { actorId: string; orgId: string; userId: string; leave: boolean; now: Date },
): Promise<void> {
  const keys = await listActiveKeysFor(tx, userId, orgId);
  if (keys.length === 0) return;
  const org = (await findAccountName(tx, orgId)) ?? "the organization";
  const member = (await findAccountName(tx, userId)) ?? "the creator";
  const admin = leave ? null : ((await findAccountName(tx, actorId)) ?? "an administrator");
  const reason = leave ? `${member} left ${org}` : `${member} was removed from ${org} by ${admin}`;
  for (const key of keys) {
    await markKeyRevoked(tx, key.id, { at: now, reason: `Revoked because ${reason}`, byId: actorId });
    await auditKeyChange(tx, "key.revoke", actorId, key, { reason });
    await queueKeyMail(tx, "revoked", key, { keyName: key.name, reason });
  }
}
