import type { KeyForAuth } from "@/lib/keys/authorize";
import { isScope } from "@/lib/keys/scopes";
import type { Db } from "./client";

export type AuthKey = KeyForAuth & { id: string; name: string; creatorId: string };

/** The key with this hash and whether its creator may still act for its owner; one point lookup. */
export async function findKeyByHash(db: Db, hash: string): Promise<AuthKey | null> {
  const key = await db.apiKey.findUnique({
    where: { hash },
    select: {
      id: true,
      name: true,
      ownerId: true,
      creatorId: true,
      glob: true,
      expiresAt: true,
      revokedAt: true,
      legacy: true,
      lastUsedAt: true,
      createdAt: true,
      scopes: { select: { scope: true } },
      subjects: { select: { packageId: true } },
    },
  });
  if (!key) return null;
  const ownerAllowed =
    key.ownerId === key.creatorId ||
    (await db.membership.count({ where: { organizationId: key.ownerId, userId: key.creatorId } })) > 0;
  return {
    ...key,
    scopes: key.scopes.map((s) => s.scope).filter(isScope),
    subjects: key.subjects.map((s) => s.packageId),
    ownerAllowed,
  };
}

/** A legacy key idle too long expires on its first use (SPEC 2.6). */
export async function expireLegacyKey(db: Db, keyId: string, now: Date): Promise<void> {
  await db.apiKey.updateMany({ where: { id: keyId, legacy: true, expiresAt: null }, data: { expiresAt: now } });
}
