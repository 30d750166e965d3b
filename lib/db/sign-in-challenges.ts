import type { Db, Tx } from "./client";

/** A half-finished sign-in: the password was right, the code is still to come. Spent ones of the user go. */
export async function insertSignInChallenge(
  db: Db,
  challenge: { userId: string; tokenHash: string; createdAt: Date; expiresAt: Date },
): Promise<void> {
  await db.$transaction([
    db.signInChallenge.deleteMany({
      where: { userId: challenge.userId, OR: [{ usedAt: { not: null } }, { expiresAt: { lte: challenge.createdAt } }] },
    }),
    db.signInChallenge.create({ data: challenge }),
  ]);
}

export function findSignInChallenge(db: Db | Tx, tokenHash: string) {
  return db.signInChallenge.findUnique({
    where: { tokenHash },
    select: {
      id: true,
      userId: true,
      expiresAt: true,
      usedAt: true,
      user: { select: { email: true, name: true } },
    },
  });
}

/** Marks the challenge used; false when another request used it first. */
export async function spendSignInChallenge(tx: Tx, id: string, now: Date): Promise<boolean> {
  const { count } = await tx.signInChallenge.updateMany({
    where: { id, usedAt: null, expiresAt: { gt: now } },
    data: { usedAt: now },
  });
  return count > 0;
}
