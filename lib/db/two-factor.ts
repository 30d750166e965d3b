import type { Db, Tx } from "./client";

/** What checking a second factor needs: the sealed secret, the last step used, and the password for changes. */
export function findTwoFactorAccount(db: Db | Tx, userId: string) {
  return db.user.findUnique({
    where: { id: userId },
    select: {
      id: true,
      email: true,
      passwordHash: true,
      totpSecret: true,
      totpEnabledAt: true,
      totpLastStep: true,
    },
  });
}

/** What the settings page shows: on since when, and how many recovery codes are left. */
export async function findTwoFactorStatus(db: Db, userId: string) {
  const user = await db.user.findUnique({
    where: { id: userId },
    select: { totpEnabledAt: true, _count: { select: { recoveryCodes: { where: { usedAt: null } } } } },
  });
  return { enabledAt: user?.totpEnabledAt ?? null, recoveryCodesLeft: user?._count.recoveryCodes ?? 0 };
}

/** Keeps a new secret while enrolling; false when two-factor is already on. */
export async function setPendingTotpSecret(db: Db | Tx, userId: string, sealed: string): Promise<boolean> {
  const { count } = await db.user.updateMany({
    where: { id: userId, totpEnabledAt: null },
    data: { totpSecret: sealed, totpLastStep: null },
  });
  return count > 0;
}

/** Turns two-factor on for the secret the first code matched; false when it was replaced or turned on meanwhile. */
export async function markTotpEnabled(
  tx: Tx,
  userId: string,
  sealed: string,
  step: number,
  now: Date,
): Promise<boolean> {
  const { count } = await tx.user.updateMany({
    where: { id: userId, totpEnabledAt: null, totpSecret: sealed },
    data: { totpEnabledAt: now, totpLastStep: step },
  });
  return count > 0;
}

/** Records the step of an accepted code; false when this step (or a later one) was used first. */
export async function spendTotpStep(tx: Tx, userId: string, step: number): Promise<boolean> {
  const { count } = await tx.user.updateMany({
    where: { id: userId, totpEnabledAt: { not: null }, OR: [{ totpLastStep: null }, { totpLastStep: { lt: step } }] },
    data: { totpLastStep: step },
  });
  return count > 0;
}

/** Forgets the secret and every recovery code. */
export async function clearTwoFactor(tx: Tx, userId: string): Promise<void> {
  await tx.recoveryCode.deleteMany({ where: { userId } });
  await tx.user.update({
    where: { id: userId },
    data: { totpSecret: null, totpEnabledAt: null, totpLastStep: null },
  });
}

/** Replaces the account's recovery codes with these hashes. */
export async function replaceRecoveryCodes(tx: Tx, userId: string, hashes: string[]): Promise<void> {
  await tx.recoveryCode.deleteMany({ where: { userId } });
  await tx.recoveryCode.createMany({ data: hashes.map((codeHash) => ({ userId, codeHash })) });
}

/** Marks the account's unused code with this hash used; false when there is none. */
export async function spendRecoveryCode(tx: Tx, userId: string, codeHash: string, now: Date): Promise<boolean> {
  const { count } = await tx.recoveryCode.updateMany({
    where: { userId, codeHash, usedAt: null, user: { totpEnabledAt: { not: null } } },
    data: { usedAt: now },
  });
  return count > 0;
}

export function countRecoveryCodesLeft(db: Db | Tx, userId: string): Promise<number> {
  return db.recoveryCode.count({ where: { userId, usedAt: null } });
}
