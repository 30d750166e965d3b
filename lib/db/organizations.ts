import type { Member, OrganizationSummary, OrganizationView, OrgKeyView } from "@/lib/organizations/views";
import type { Role } from "@/lib/organizations/schemas";
import { API_KEY_VIEW_SELECT, toApiKeyView } from "./api-keys";
import type { Db, Tx } from "./client";
import { announceKeyChanges } from "./key-changes";

export async function listMyOrganizations(db: Db, userId: string): Promise<OrganizationSummary[]> {
  const rows = await db.membership.findMany({
    where: { userId },
    select: {
      role: true,
      organization: {
        select: {
          id: true,
          name: true,
          account: { select: { username: true } },
          _count: { select: { memberships: true } },
        },
      },
    },
    orderBy: { organization: { account: { usernameKey: "asc" } } },
  });
  return rows.map((r) => ({
    id: r.organization.id,
    username: r.organization.account.username,
    name: r.organization.name,
    role: r.role as Role,
    members: r.organization._count.memberships,
  }));
}

/** The organization by its name, with its members; null unless the user is a member. */
export async function getOrganization(db: Db, userId: string, username: string): Promise<OrganizationView | null> {
  const org = await db.organization.findFirst({
    where: { account: { usernameKey: username.toLowerCase() }, memberships: { some: { userId } } },
    select: {
      id: true,
      name: true,
      requireTwoFactor: true,
      account: { select: { username: true } },
      memberships: {
        select: {
          role: true,
          user: { select: { id: true, name: true, email: true, account: { select: { username: true } } } },
        },
        orderBy: { createdAt: "asc" },
      },
    },
  });
  if (!org) return null;
  const members: Member[] = org.memberships.map((m) => ({
    userId: m.user.id,
    username: m.user.account.username,
    name: m.user.name,
    email: m.user.email,
    role: m.role as Role,
  }));
  return {
    id: org.id,
    username: org.account.username,
    name: org.name,
    requireTwoFactor: org.requireTwoFactor,
    myRole: members.find((m) => m.userId === userId)!.role,
    members,
  };
}

/** The keys scoped to the organization, for its admins (NuGetGallery #5756); null for anyone else. */
export async function listOrganizationKeys(db: Db, actorId: string, orgId: string): Promise<OrgKeyView[] | null> {
  if ((await findRole(db, orgId, actorId)) !== "admin") return null;
  const [keys, members] = await Promise.all([
    db.apiKey.findMany({
      where: { ownerId: orgId, shortLived: false },
      select: {
        ...API_KEY_VIEW_SELECT,
        creatorId: true,
        creator: { select: { account: { select: { username: true } } } },
      },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    }),
    db.membership.findMany({ where: { organizationId: orgId }, select: { userId: true } }),
  ]);
  const memberIds = new Set(members.map((m) => m.userId));
  return keys.map(({ creator, creatorId, ...row }) => ({
    ...toApiKeyView(row),
    ownerAccess: memberIds.has(creatorId),
    creator: creator.account.username,
    creatorIsMember: memberIds.has(creatorId),
  }));
}

/** A new organization account with its creator as its first admin. */
export async function insertOrganization(
  tx: Tx,
  creatorId: string,
  input: { username: string; name: string },
): Promise<{ id: string; username: string }> {
  return tx.account.create({
    data: {
      kind: "organization",
      username: input.username,
      usernameKey: input.username.toLowerCase(),
      organization: {
        create: { name: input.name, memberships: { create: { userId: creatorId, role: "admin" } } },
      },
    },
    select: { id: true, username: true },
  });
}

/** Touching the row takes a row lock on PostgreSQL, so membership changes of one organization run one at a time. */
export async function lockOrganization(tx: Tx, orgId: string): Promise<boolean> {
  return (await tx.$executeRaw`UPDATE "Organization" SET "name" = "name" WHERE "id" = ${orgId}`) > 0;
}

/** The user's role in the organization; null when they are not a member. */
export async function findRole(db: Db | Tx, orgId: string, userId: string): Promise<Role | null> {
  const membership = await db.membership.findUnique({
    where: { organizationId_userId: { organizationId: orgId, userId } },
    select: { role: true },
  });
  return (membership?.role as Role | undefined) ?? null;
}

export function countAdmins(tx: Tx, orgId: string): Promise<number> {
  return tx.membership.count({ where: { organizationId: orgId, role: "admin" } });
}

export async function insertMembership(tx: Tx, orgId: string, userId: string, role: Role): Promise<void> {
  await tx.membership.create({ data: { organizationId: orgId, userId, role } });
}

/** False when the user is not a member. */
export async function updateRole(tx: Tx, orgId: string, userId: string, role: Role): Promise<boolean> {
  const { count } = await tx.membership.updateMany({ where: { organizationId: orgId, userId }, data: { role } });
  return count > 0;
}

/** False when the user was not a member. Their keys for the organization stop being allowed. */
export async function deleteMembership(tx: Tx, orgId: string, userId: string): Promise<boolean> {
  const { count } = await tx.membership.deleteMany({ where: { organizationId: orgId, userId } });
  if (count === 0) return false;
  const keys = await tx.apiKey.findMany({ where: { ownerId: orgId, creatorId: userId }, select: { id: true } });
  await announceKeyChanges(
    tx,
    keys.map((k) => k.id),
  );
  return true;
}

/** Sets whether members need two-factor sign-in to create the organization's keys; false when it already was so. */
export async function setRequireTwoFactor(tx: Tx, orgId: string, required: boolean): Promise<boolean> {
  const { count } = await tx.organization.updateMany({
    where: { id: orgId, requireTwoFactor: !required },
    data: { requireTwoFactor: required },
  });
  return count > 0;
}

/** The addresses of the organization's members who have not turned two-factor sign-in on. */
export async function listMembersWithoutTwoFactor(db: Db | Tx, orgId: string): Promise<string[]> {
  const rows = await db.membership.findMany({
    where: { organizationId: orgId, user: { totpEnabledAt: null } },
    select: { user: { select: { email: true } } },
  });
  return rows.map((r) => r.user.email);
}
