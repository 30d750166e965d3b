import type { Db, Tx } from "./client";
import { announceKeyChanges } from "./key-changes";

/** The organizations the user belongs to, with their role and how many admins each has. */
export async function listMembershipsWithAdmins(db: Db | Tx, userId: string) {
  const rows = await db.membership.findMany({
    where: { userId },
    select: {
      role: true,
      organization: {
        select: {
          id: true,
          account: { select: { username: true } },
          _count: { select: { memberships: { where: { role: "admin" } } } },
        },
      },
    },
    orderBy: { organization: { account: { usernameKey: "asc" } } },
  });
  return rows.map((r) => ({
    organizationId: r.organization.id,
    username: r.organization.account.username,
    role: r.role,
    admins: r.organization._count.memberships,
  }));
}

/** Every key the user made, and every key of their own account whoever made it. */
export function listKeysOfUser(tx: Tx, userId: string) {
  return tx.apiKey.findMany({
    where: { OR: [{ creatorId: userId }, { ownerId: userId }] },
    select: { id: true, name: true, ownerId: true, owner: { select: { username: true } } },
  });
}

export async function deleteKeysOfUser(tx: Tx, userId: string): Promise<number> {
  const where = { OR: [{ creatorId: userId }, { ownerId: userId }] };
  const keys = await tx.apiKey.findMany({ where, select: { id: true } });
  const { count } = await tx.apiKey.deleteMany({ where });
  await announceKeyChanges(
    tx,
    keys.map((k) => k.id),
  );
  return count;
}

/** The addresses of an organization's admins, but one user's. */
export async function listAdminEmails(tx: Tx, organizationId: string, exceptUserId: string): Promise<string[]> {
  const rows = await tx.membership.findMany({
    where: { organizationId, role: "admin", userId: { not: exceptUserId } },
    select: { user: { select: { email: true } } },
  });
  return rows.map((r) => r.user.email);
}

/** Every membership of the user ends; the keys they made stop being allowed for those organizations. */
export async function deleteMemberships(tx: Tx, userId: string): Promise<void> {
  await tx.membership.deleteMany({ where: { userId } });
  const keys = await tx.apiKey.findMany({ where: { creatorId: userId }, select: { id: true } });
  await announceKeyChanges(
    tx,
    keys.map((k) => k.id),
  );
}

/** Open invitations meant for this account stop working. */
export async function cancelInvitationsFor(tx: Tx, userId: string, now: Date): Promise<void> {
  await tx.invitation.updateMany({
    where: { inviteeId: userId, acceptedAt: null, declinedAt: null, cancelledAt: null },
    data: { cancelledAt: now },
  });
}

export function countOwnedPackages(db: Db | Tx, ownerId: string): Promise<number> {
  return db.package.count({ where: { ownerId } });
}

/**
 * Deletes the user (sessions, links, codes and challenges go with it) and marks their account deleted:
 * the account row stays, so the name stays taken and the packages keep their owner.
 */
export async function deleteUserKeepAccount(tx: Tx, userId: string, now: Date): Promise<void> {
  await tx.account.update({ where: { id: userId }, data: { deletedAt: now } });
  await tx.user.delete({ where: { id: userId } });
}

/** An account by its name, ignoring case, and whether it can own packages now. */
export async function findAccountByUsername(db: Db | Tx, username: string) {
  const account = await db.account.findUnique({
    where: { usernameKey: username.toLowerCase() },
    select: { id: true, username: true, kind: true, deletedAt: true, user: { select: { id: true } } },
  });
  return (
    account && {
      id: account.id,
      username: account.username,
      kind: account.kind,
      active: account.deletedAt === null && (account.kind === "organization" || account.user !== null),
    }
  );
}

/** A package by its id, ignoring case, with its owner. */
export function findPackageWithOwner(db: Db | Tx, packageId: string) {
  return db.package.findUnique({
    where: { idKey: packageId.toLowerCase() },
    select: { id: true, packageId: true, owner: { select: { id: true, username: true, deletedAt: true } } },
  });
}

/** Moves the package to another owner if it still has the one it was read with; false otherwise. */
export async function setPackageOwner(tx: Tx, id: string, fromOwnerId: string, toOwnerId: string): Promise<boolean> {
  const { count } = await tx.package.updateMany({ where: { id, ownerId: fromOwnerId }, data: { ownerId: toOwnerId } });
  return count > 0;
}
