import type { PolicyView } from "@/lib/trusted-publishing/views";
import type { Db, Tx } from "./client";

export const POLICY_SELECT = {
  id: true,
  name: true,
  ownerId: true,
  creatorId: true,
  repositoryOwner: true,
  repository: true,
  workflowFile: true,
  environment: true,
  createdAt: true,
  activatedAt: true,
  repositoryId: true,
  repositoryOwnerId: true,
  lastUsedAt: true,
  owner: { select: { username: true } },
} as const;

/** A policy as stored: what its page shows, plus who made it and the owner id pinned at first use. */
export type PolicyRow = Omit<PolicyView, "state" | "recentKeys"> & {
  creatorId: string;
  repositoryOwnerId: string | null;
};

export type PolicyFields = {
  name: string;
  ownerId: string;
  repositoryOwner: string;
  repository: string;
  workflowFile: string;
  environment: string | null;
};

/** The owners each user may act for: themselves and the organizations they belong to. */
async function ownersOf(db: Db | Tx, userIds: string[]): Promise<Map<string, Set<string>>> {
  const memberships = await db.membership.findMany({
    where: { userId: { in: userIds } },
    select: { userId: true, organizationId: true },
  });
  const owners = new Map(userIds.map((id) => [id, new Set([id])]));
  for (const m of memberships) owners.get(m.userId)?.add(m.organizationId);
  return owners;
}

/** The user's policies (or the one named), newest first, with whether they may still act for each owner and the keys issued since `since`. */
export async function listPolicies(db: Db, userId: string, since: Date, policyId?: string) {
  const [rows, owners] = await Promise.all([
    db.trustedPublishingPolicy.findMany({
      where: { creatorId: userId, ...(policyId ? { id: policyId } : {}) },
      select: {
        ...POLICY_SELECT,
        keys: {
          where: { createdAt: { gte: since } },
          select: { id: true, createdAt: true, expiresAt: true },
          orderBy: { createdAt: "desc" },
        },
      },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    }),
    ownersOf(db, [userId]),
  ]);
  const mine = owners.get(userId)!;
  return rows.map((row) => ({ ...row, creatorCanAct: mine.has(row.ownerId) }));
}

/** The creator's policy, or null when it is someone else's or gone. */
export function findOwnPolicy(db: Db | Tx, userId: string, policyId: string): Promise<PolicyRow | null> {
  return db.trustedPublishingPolicy.findFirst({ where: { id: policyId, creatorId: userId }, select: POLICY_SELECT });
}

export function insertPolicy(tx: Tx, creatorId: string, fields: PolicyFields, now: Date): Promise<PolicyRow> {
  return tx.trustedPublishingPolicy.create({
    data: { ...fields, creatorId, createdAt: now, activatedAt: now },
    select: POLICY_SELECT,
  });
}

/** Changing the criteria forgets the recorded repository ids: the policy waits for a first use again. */
export function updatePolicy(tx: Tx, policyId: string, fields: PolicyFields, now: Date): Promise<PolicyRow> {
  return tx.trustedPublishingPolicy.update({
    where: { id: policyId },
    data: { ...fields, activatedAt: now, repositoryId: null, repositoryOwnerId: null },
    select: POLICY_SELECT,
  });
}

export async function reactivatePolicy(tx: Tx, policyId: string, now: Date): Promise<void> {
  await tx.trustedPublishingPolicy.update({ where: { id: policyId }, data: { activatedAt: now } });
}

export async function deletePolicy(tx: Tx, userId: string, policyId: string): Promise<boolean> {
  const { count } = await tx.trustedPublishingPolicy.deleteMany({ where: { id: policyId, creatorId: userId } });
  return count > 0;
}

/** The policies of the user with this username, with whether the user may still act for each owner. */
export async function findPoliciesOfUsername(db: Db | Tx, username: string) {
  const account = await db.account.findUnique({
    where: { usernameKey: username.toLowerCase() },
    select: { id: true, kind: true, deletedAt: true },
  });
  if (!account || account.kind !== "user" || account.deletedAt) return null;
  const [rows, owners] = await Promise.all([
    db.trustedPublishingPolicy.findMany({
      where: { creatorId: account.id },
      select: POLICY_SELECT,
      orderBy: { createdAt: "asc" },
    }),
    ownersOf(db, [account.id]),
  ]);
  const mine = owners.get(account.id)!;
  return rows.map((row) => ({ ...row, creatorCanAct: mine.has(row.ownerId) }));
}

/** Remembers a token id until it expires; a used one throws a unique violation (isUniqueViolation). */
export async function rememberToken(tx: Tx, jti: string, expiresAt: Date): Promise<void> {
  await tx.usedOidcToken.create({ data: { jti, expiresAt } });
}

/** A use: the ids recorded at the first one, and the time of the last. */
export async function markPolicyUsed(
  tx: Tx,
  policyId: string,
  ids: { repositoryId: string; repositoryOwnerId: string },
  now: Date,
): Promise<void> {
  await tx.trustedPublishingPolicy.update({ where: { id: policyId }, data: { ...ids, lastUsedAt: now } });
}

/** A policy's exchanges, newest first, a page at a time, with what each issued key pushed and whether it is still on file. */
export async function listPolicyExchanges(
  db: Db,
  policy: { id: string; ownerId: string },
  page: number,
  perPage: number,
) {
  const where = {
    accountId: policy.ownerId,
    action: "trustedpublishing.exchange",
    detail: { contains: `"policyId":"${policy.id}"` },
  };
  const [rows, total] = await Promise.all([
    db.auditEvent.findMany({
      where,
      select: { id: true, createdAt: true, keyId: true, detail: true, ip: true },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (page - 1) * perPage,
      take: perPage,
    }),
    db.auditEvent.count({ where }),
  ]);
  const keyIds = rows.map((r) => r.keyId).filter((id): id is string => Boolean(id));
  const [pushes, keys] = await Promise.all([
    db.auditEvent.findMany({
      where: {
        accountId: policy.ownerId,
        keyId: { in: keyIds },
        action: { in: ["package.push", "package.symbols"] },
        result: { startsWith: "2" },
      },
      select: { keyId: true, action: true, packageId: true, version: true, createdAt: true },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    }),
    db.apiKey.findMany({ where: { id: { in: keyIds } }, select: { id: true, expiresAt: true, revokedAt: true } }),
  ]);
  return { rows, total, pushes, keys };
}
