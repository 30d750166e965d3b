import type { Db, Tx } from "./client";

export type EmailTokenPurpose = "confirm" | "email-change";

export async function insertEmailToken(
  db: Db | Tx,
  token: {
    userId: string;
    purpose: EmailTokenPurpose;
    email: string;
    tokenHash: string;
    createdAt: Date;
    expiresAt: Date;
  },
): Promise<void> {
  await db.emailToken.create({ data: token });
}

export function findEmailToken(db: Db | Tx, tokenHash: string) {
  return db.emailToken.findUnique({
    where: { tokenHash },
    select: {
      id: true,
      userId: true,
      purpose: true,
      email: true,
      expiresAt: true,
      usedAt: true,
      user: { select: { email: true, emailConfirmedAt: true } },
    },
  });
}

/** Marks the link used; false when another request used it first. */
export async function useEmailToken(tx: Tx, id: string, now: Date): Promise<boolean> {
  const { count } = await tx.emailToken.updateMany({ where: { id, usedAt: null }, data: { usedAt: now } });
  return count > 0;
}

/** Retires the user's other open links of a kind, so only the newest works. */
export async function retireEmailTokens(tx: Tx, userId: string, purpose: EmailTokenPurpose, now: Date): Promise<void> {
  await tx.emailToken.updateMany({ where: { userId, purpose, usedAt: null }, data: { usedAt: now } });
}

export async function markEmailConfirmed(tx: Tx, userId: string, email: string, now: Date): Promise<void> {
  await tx.user.update({ where: { id: userId }, data: { email, emailConfirmedAt: now } });
}

export function findUserEmail(db: Db | Tx, userId: string) {
  return db.user.findUnique({
    where: { id: userId },
    select: { email: true, emailConfirmedAt: true, passwordHash: true },
  });
}
