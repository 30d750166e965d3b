import { verifyPassword } from "@/lib/auth/password";
import {
  cancelInvitationsFor,
  countOwnedPackages,
  deleteKeysOfUser,
  deleteMemberships,
  deleteUserKeepAccount,
  listAdminEmails,
  listKeysOfUser,
  listMembershipsWithAdmins,
} from "@/lib/db/accounts";
import { recordAudit } from "@/lib/db/audit";
import type { Db } from "@/lib/db/client";
import { forgetAllKeys } from "@/lib/db/key-auth";
import { lockOrganization } from "@/lib/db/organizations";
import { findUserCredentials } from "@/lib/db/users";
import { galleryBaseUrl, queueMail } from "@/lib/mail/outbox";
import { accountDeletedMail, keyMail } from "@/lib/mail/templates";
import { fail, ok, type Result } from "@/lib/result";
import { WRONG_PASSWORD } from "./password-change";
import { SIGNED_OUT } from "./sessions";

/** Why the account cannot go yet: it would leave these organizations without an administrator. */
export function lastAdminMessage(organizations: string[]): string {
  const list =
    organizations.length === 1
      ? organizations[0]
      : `${organizations.slice(0, -1).join(", ")} and ${organizations.at(-1)}`;
  return (
    `You are the last administrator of ${list}. Make another member an administrator ` +
    `${organizations.length === 1 ? "there" : "in each"} before deleting your account.`
  );
}

/**
 * Deletes the account, refused while it is the last administrator of an organization. Its keys are deleted
 * and its memberships end; the user and every session go. The account's row stays, marked deleted, so the
 * name stays taken and its packages keep their ids and owner: with no user and no key left, nobody can push
 * to them until the operator reassigns them (scripts/reassign-package.ts).
 */
export async function deleteAccount(
  db: Db,
  userId: string,
  input: { password: string; confirmUsername: string },
  now = new Date(),
): Promise<Result> {
  const user = await findUserCredentials(db, userId);
  if (!user) return fail(SIGNED_OUT);
  const username = user.account.username;
  if (input.confirmUsername.trim().toLowerCase() !== username.toLowerCase()) {
    return fail(`Type your username, ${username}, to confirm.`, "confirmUsername");
  }
  if (!(await verifyPassword(input.password, user.passwordHash))) return fail(WRONG_PASSWORD, "password");

  const result = await db.$transaction(async (tx) => {
    // Locked in one order, so a parallel change of an organization's admins waits for this and sees it.
    const before = await listMembershipsWithAdmins(tx, userId);
    for (const id of before.map((m) => m.organizationId).sort()) await lockOrganization(tx, id);
    const memberships = await listMembershipsWithAdmins(tx, userId);
    const lastAdminOf = soleAdminOf(memberships);
    if (lastAdminOf.length > 0) return fail(lastAdminMessage(lastAdminOf));

    const keys = await listKeysOfUser(tx, userId);
    for (const key of keys.filter((k) => k.ownerId !== userId)) {
      const reason = "its creator deleted their account";
      await recordAudit(tx, {
        createdAt: now,
        action: "key.delete",
        actorId: userId,
        accountId: key.ownerId,
        keyId: key.id,
        keyName: key.name,
        detail: { reason },
      });
      const mail = keyMail("deleted", {
        keyName: key.name,
        ownerName: key.owner.username,
        galleryUrl: galleryBaseUrl(),
        actor: `${username} (${reason})`,
      });
      for (const to of await listAdminEmails(tx, key.ownerId, userId)) await queueMail(tx, to, mail);
    }
    const keysDeleted = await deleteKeysOfUser(tx, userId);
    for (const m of memberships) {
      await recordAudit(tx, {
        createdAt: now,
        action: "member.leave",
        actorId: userId,
        accountId: m.organizationId,
        detail: { username, role: m.role, reason: "account deleted" },
      });
    }
    await deleteMemberships(tx, userId);
    await cancelInvitationsFor(tx, userId, now);
    const packages = await countOwnedPackages(tx, userId);
    await queueMail(tx, user.email, accountDeletedMail(username, packages));
    await recordAudit(tx, {
      createdAt: now,
      action: "account.delete",
      actorId: userId,
      accountId: userId,
      detail: { username, keysDeleted, organizationsLeft: memberships.map((m) => m.username), packages },
    });
    await deleteUserKeepAccount(tx, userId, now);
    return ok();
  });
  // Keys verified lately are kept in memory by the push API: none of the deleted ones may stay there.
  if (result.ok) forgetAllKeys(db);
  return result;
}

/** The organizations that would be left without an administrator, for the danger zone's warning. */
export async function lastAdminOrganizations(db: Db, userId: string): Promise<string[]> {
  return soleAdminOf(await listMembershipsWithAdmins(db, userId));
}

function soleAdminOf(memberships: { role: string; admins: number; username: string }[]): string[] {
  return memberships.filter((m) => m.role === "admin" && m.admins <= 1).map((m) => m.username);
}
