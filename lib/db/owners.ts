import type { OwnerOption } from "@/lib/api-keys/views";
import type { Db, Tx } from "./client";

/** The user and the organizations they belong to. */
export async function listOwnerOptions(db: Db, userId: string): Promise<OwnerOption[]> {
  const [accounts, user] = await Promise.all([
    db.account.findMany({
      where: { OR: [{ id: userId }, { organization: { memberships: { some: { userId } } } }] },
      select: { id: true, username: true, kind: true, organization: { select: { requireTwoFactor: true } } },
    }),
    db.user.findUnique({ where: { id: userId }, select: { totpEnabledAt: true } }),
  ]);
  return accounts
    .map((a) => ({
      id: a.id,
      username: a.username,
      kind: a.kind === "organization" ? ("organization" as const) : ("user" as const),
      needsTwoFactor: Boolean(a.organization?.requireTwoFactor && !user?.totpEnabledAt),
    }))
    .sort((a, b) => (a.id === userId ? -1 : b.id === userId ? 1 : a.username.localeCompare(b.username)));
}

/** Whether the user may act for the owner: it is the user, or an organization they belong to. */
export async function canActFor(db: Db | Tx, userId: string, ownerId: string): Promise<boolean> {
  if (ownerId === userId) return true;
  const membership = await db.membership.findUnique({
    where: { organizationId_userId: { organizationId: ownerId, userId } },
    select: { role: true },
  });
  return membership !== null;
}

/** The chosen ids the owner does not own, for a clear refusal. */
export async function packagesNotOwned(db: Db | Tx, ownerId: string, packageIds: string[]): Promise<string[]> {
  if (packageIds.length === 0) return [];
  const keys = packageIds.map((p) => p.toLowerCase());
  const owned = await db.package.findMany({ where: { ownerId, idKey: { in: keys } }, select: { idKey: true } });
  const ownedKeys = new Set(owned.map((p) => p.idKey));
  return packageIds.filter((p) => !ownedKeys.has(p.toLowerCase()));
}

/** The owner's package ids, for the package pickers; empty unless the user may act for the owner. */
export async function listOwnerPackages(db: Db, userId: string, ownerId: string): Promise<string[]> {
  if (!(await canActFor(db, userId, ownerId))) return [];
  const packages = await db.package.findMany({
    where: { ownerId },
    select: { packageId: true },
    orderBy: { idKey: "asc" },
  });
  return packages.map((p) => p.packageId);
}

/** The username of a user's or an organization's account. */
/** What decides whether this user may mint keys for this owner: a confirmed address, and two-factor if required. */
export async function findCreatorStanding(db: Db | Tx, userId: string, ownerId: string) {
  const [user, organization] = await Promise.all([
    db.user.findUnique({ where: { id: userId }, select: { emailConfirmedAt: true, totpEnabledAt: true } }),
    db.organization.findUnique({
      where: { id: ownerId },
      select: { requireTwoFactor: true, account: { select: { username: true } } },
    }),
  ]);
  return {
    confirmed: Boolean(user?.emailConfirmedAt),
    twoFactorEnabled: Boolean(user?.totpEnabledAt),
    requiredBy: organization?.requireTwoFactor ? organization.account.username : null,
  };
}

export async function findAccountName(db: Db | Tx, accountId: string): Promise<string | null> {
  const account = await db.account.findUnique({ where: { id: accountId }, select: { username: true } });
  return account?.username ?? null;
}
