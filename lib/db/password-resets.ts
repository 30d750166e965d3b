import type { Db, Tx } from "./client";

export async function insertPasswordReset(
  db: Db | Tx,
  reset: { userId: string; tokenHash: string; createdAt: Date; expiresAt: Date },
): Promise<void> {
  await db.passwordReset.create({ data: reset });
}

export function findPasswordReset(db: Db | Tx, tokenHash: string) {
  return db.passwordReset.findUnique({
    where: { tokenHash },
    select: { id: true, userId: true, expiresAt: true, usedAt: true },
  });
}

/** Marks the link used; false when another request used it first. */
export async function usePasswordReset(tx: Tx, id: string, now: Date): Promise<boolean> {
  const { count } = await tx.passwordReset.updateMany({ where: { id, usedAt: null }, data: { usedAt: now } });
  return count > 0;
}

export async function setPasswordHash(tx: Tx, userId: string, passwordHash: string): Promise<void> {
  await tx.user.update({ where: { id: userId }, data: { passwordHash } });
}
