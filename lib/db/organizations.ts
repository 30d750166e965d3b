import { recordAudit } from "./audit";
import type { Db, Tx } from "./client";
import { forgetAllKeys, forgetKey } from "./key-auth";
import { isUniqueViolation } from "./packages";
import { API_KEY_VIEW_SELECT, toApiKeyView, type ApiKeyView } from "./api-keys";
import { queueKeyMail } from "@/lib/mail/outbox";

export type Role = "admin" | "collaborator";
export type OrgResult<T = undefined> = { ok: true; data: T } | { ok: false; error: string; field?: string };

export const ORG_NOT_FOUND = "Organization not found.";
const ADMINS_ONLY = "Only administrators of the organization can do that.";
const LAST_ADMIN = "An organization must keep at least one administrator.";

export type OrganizationSummary = { id: string; username: string; name: string; role: Role; members: number };

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

export async function createOrganization(
  db: Db,
  userId: string,
  input: { username: string; name: string },
): Promise<OrgResult<{ username: string }>> {
  try {
    return await db.$transaction(async (tx) => {
      const account = await tx.account.create({
        data: {
          kind: "organization",
          username: input.username,
          usernameKey: input.username.toLowerCase(),
          organization: { create: { name: input.name, memberships: { create: { userId, role: "admin" } } } },
        },
      });
      await recordAudit(tx, {
        action: "org.create",
        actorId: userId,
        accountId: account.id,
        detail: { name: input.name },
      });
      return { ok: true as const, data: { username: account.username } };
    });
  } catch (error) {
    if (isUniqueViolation(error))
      return { ok: false, error: "That name is taken by a user or an organization.", field: "username" };
    throw error;
  }
}

export type Member = { userId: string; username: string; name: string; email: string; role: Role };
export type OrganizationView = { id: string; username: string; name: string; myRole: Role; members: Member[] };

/** The organization by its name, with its members; null unless the user is a member. */
export async function getOrganization(db: Db, userId: string, username: string): Promise<OrganizationView | null> {
  const org = await db.organization.findFirst({
    where: { account: { usernameKey: username.toLowerCase() }, memberships: { some: { userId } } },
    select: {
      id: true,
      name: true,
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
  const members = org.memberships.map((m) => ({
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
    myRole: members.find((m) => m.userId === userId)!.role,
    members,
  };
}

function lockOrganization(tx: Tx, orgId: string): Promise<number> {
  return tx.$executeRaw`UPDATE "Organization" SET "name" = "name" WHERE "id" = ${orgId}`;
}

/**
 * Runs a membership change for a member (or an admin, when required), serialised per organization, and
 * refuses one that would leave the organization without an admin.
 */
async function changeMembership<T>(
  db: Db,
  actorId: string,
  orgId: string,
  required: Role | "member",
  change: (tx: Tx) => Promise<OrgResult<T>>,
): Promise<OrgResult<T>> {
  class Refused extends Error {}
  try {
    return await db.$transaction(async (tx) => {
      // Touching the row takes a row lock on PostgreSQL, so two admins cannot demote each other at once.
      const locked = await lockOrganization(tx, orgId);
      const actor = await tx.membership.findUnique({
        where: { organizationId_userId: { organizationId: orgId, userId: actorId } },
      });
      if (locked === 0 || !actor) return { ok: false, error: ORG_NOT_FOUND };
      if (required === "admin" && actor.role !== "admin") return { ok: false, error: ADMINS_ONLY };
      const result = await change(tx);
      if (result.ok && (await tx.membership.count({ where: { organizationId: orgId, role: "admin" } })) === 0)
        throw new Refused(LAST_ADMIN);
      return result;
    });
  } catch (error) {
    if (error instanceof Refused) return { ok: false, error: error.message };
    throw error;
  }
}

const asAdmin = <T>(db: Db, actorId: string, orgId: string, change: (tx: Tx) => Promise<OrgResult<T>>) =>
  changeMembership(db, actorId, orgId, "admin", change);

export async function addMember(db: Db, actorId: string, orgId: string, email: string, role: Role): Promise<OrgResult> {
  return asAdmin(db, actorId, orgId, async (tx) => {
    const user = await tx.user.findUnique({ where: { email: email.toLowerCase() }, select: { id: true } });
    if (!user) return { ok: false, error: "No account has that e-mail address.", field: "email" };
    const existing = await tx.membership.findUnique({
      where: { organizationId_userId: { organizationId: orgId, userId: user.id } },
    });
    if (existing) return { ok: false, error: "That person is already a member.", field: "email" };
    await tx.membership.create({ data: { organizationId: orgId, userId: user.id, role } });
    await recordAudit(tx, {
      action: "member.add",
      actorId,
      accountId: orgId,
      detail: { userId: user.id, email: email.toLowerCase(), role },
    });
    return { ok: true, data: undefined };
  });
}

export async function setMemberRole(
  db: Db,
  actorId: string,
  orgId: string,
  userId: string,
  role: Role,
): Promise<OrgResult> {
  return asAdmin(db, actorId, orgId, async (tx) => {
    const { count } = await tx.membership.updateMany({ where: { organizationId: orgId, userId }, data: { role } });
    if (count === 0) return { ok: false, error: "That person is not a member." };
    await recordAudit(tx, { action: "member.role", actorId, accountId: orgId, detail: { userId, role } });
    return { ok: true, data: undefined };
  });
}

/** Removes a member (admins), or lets members leave; their keys for the organization stop working at once. */
export async function removeMember(db: Db, actorId: string, orgId: string, userId: string): Promise<OrgResult> {
  const leave = actorId === userId;
  const run = async (tx: Tx): Promise<OrgResult> => {
    const { count } = await tx.membership.deleteMany({ where: { organizationId: orgId, userId } });
    if (count === 0) return { ok: false, error: leave ? ORG_NOT_FOUND : "That person is not a member." };
    await recordAudit(tx, {
      action: leave ? "member.leave" : "member.remove",
      actorId,
      accountId: orgId,
      detail: { userId },
    });
    return { ok: true, data: undefined };
  };
  try {
    return await changeMembership(db, actorId, orgId, leave ? "member" : "admin", run);
  } finally {
    forgetAllKeys();
  }
}

export type OrgKeyView = ApiKeyView & { creator: string; creatorIsMember: boolean };

/** The keys scoped to the organization, for its admins (NuGetGallery #5756); null for anyone else. */
export async function listOrganizationKeys(db: Db, actorId: string, orgId: string): Promise<OrgKeyView[] | null> {
  const actor = await db.membership.findUnique({
    where: { organizationId_userId: { organizationId: orgId, userId: actorId } },
  });
  if (actor?.role !== "admin") return null;
  const [keys, members] = await Promise.all([
    db.apiKey.findMany({
      where: { ownerId: orgId },
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

export async function revokeOrganizationKey(
  db: Db,
  actorId: string,
  orgId: string,
  keyId: string,
  now = new Date(),
): Promise<OrgResult> {
  try {
    return await db.$transaction(async (tx) => {
      const actor = await tx.membership.findUnique({
        where: { organizationId_userId: { organizationId: orgId, userId: actorId } },
        select: { role: true, user: { select: { account: { select: { username: true } } } } },
      });
      if (actor?.role !== "admin") return { ok: false, error: ORG_NOT_FOUND };
      const key = await tx.apiKey.findFirst({
        where: { id: keyId, ownerId: orgId },
        select: { id: true, name: true, creatorId: true, ownerId: true, revokedAt: true },
      });
      if (!key) return { ok: false, error: "API key not found." };
      if (key.revokedAt) return { ok: true, data: undefined };
      const by = actor.user.account.username;
      await tx.apiKey.update({
        where: { id: key.id },
        data: {
          revokedAt: now,
          revokedReason: `Revoked by ${by}, an administrator of the organization`,
          revokedById: actorId,
        },
      });
      await recordAudit(tx, {
        action: "key.revoke",
        actorId,
        accountId: orgId,
        keyId: key.id,
        keyName: key.name,
        detail: { by: "organization admin" },
      });
      await queueKeyMail(tx, "revoked", key, { keyName: key.name, actor: by });
      return { ok: true, data: undefined };
    });
  } finally {
    forgetKey(keyId);
  }
}
