import { verifyPassword } from "@/lib/auth/password";
import { recordAudit } from "@/lib/db/audit";
import type { Db, Tx } from "@/lib/db/client";
import { endOtherSessions, markSessionTwoFactor } from "@/lib/db/sessions";
import {
  clearTwoFactor,
  countRecoveryCodesLeft,
  findTwoFactorAccount,
  markTotpEnabled,
  replaceRecoveryCodes,
  setPendingTotpSecret,
  spendRecoveryCode,
  spendTotpStep,
} from "@/lib/db/two-factor";
import { queueMail } from "@/lib/mail/outbox";
import { recoveryCodeUsedMail, twoFactorChangedMail } from "@/lib/mail/templates";
import { fail, ok, type Result } from "@/lib/result";
import { seal, unseal } from "./sealed";
import {
  acceptedTotpStep,
  isTotpCode,
  newRecoveryCode,
  newTotpSecret,
  RECOVERY_CODE_COUNT,
  recoveryCodeHash,
  totpQrDataUrl,
  totpUri,
} from "./totp";

export const SESSION_ENDED = "Your session has ended. Sign in again.";
export const ALREADY_ON = "Two-factor sign-in is already on.";
export const ALREADY_OFF = "Two-factor sign-in is off.";
export const WRONG_PASSWORD = "That is not your current password.";
export const WRONG_FIRST_CODE =
  "That code does not match. Scan the QR code again, check your device's clock, and enter the newest code.";
export const WRONG_CODE = "That code is not right, or was already used. Enter a new code, or a recovery code.";
const START_AGAIN = "Start again: choose “Turn on two-factor sign-in” to get a new QR code.";

/** What an authenticator app needs: the QR code and, for typing in, the secret itself. Shown while enrolling only. */
export type TwoFactorEnrollment = { secret: string; otpauthUri: string; qrDataUrl: string };

/** Recovery codes in plaintext: this answer is the only place they ever appear. */
export type RecoveryCodes = { recoveryCodes: string[] };

type Account = NonNullable<Awaited<ReturnType<typeof findTwoFactorAccount>>>;

/** Starts enrolling: a fresh secret, kept sealed until a first code confirms it; any earlier unconfirmed one is dropped. */
export async function beginTwoFactor(db: Db, userId: string): Promise<Result<TwoFactorEnrollment>> {
  const user = await findTwoFactorAccount(db, userId);
  if (!user) return fail(SESSION_ENDED);
  if (user.totpEnabledAt) return fail(ALREADY_ON);
  const secret = newTotpSecret();
  if (!(await setPendingTotpSecret(db, userId, seal(secret, userId)))) return fail(ALREADY_ON);
  const otpauthUri = totpUri(secret, user.email);
  return ok({ secret, otpauthUri, qrDataUrl: await totpQrDataUrl(otpauthUri) });
}

/**
 * Turns two-factor on once the app's first code matches, and hands out ten recovery codes, once. The session
 * that confirmed it has now shown a second factor, so it counts as a two-factor session.
 */
export async function enableTwoFactor(
  db: Db,
  userId: string,
  code: string,
  sessionId: string | null = null,
  now = new Date(),
): Promise<Result<RecoveryCodes>> {
  const user = await findTwoFactorAccount(db, userId);
  if (!user) return fail(SESSION_ENDED);
  if (user.totpEnabledAt) return fail(ALREADY_ON);
  const secret = user.totpSecret ? unseal(user.totpSecret, userId) : null;
  if (!user.totpSecret || !secret) return fail(START_AGAIN);
  const step = acceptedTotpStep(secret, code, now, null);
  if (step === null) return fail(WRONG_FIRST_CODE, "code");
  const recoveryCodes = newRecoveryCodes();
  return db.$transaction(async (tx) => {
    if (!(await markTotpEnabled(tx, userId, user.totpSecret!, step, now))) return fail(START_AGAIN);
    await replaceRecoveryCodes(tx, userId, hashAll(userId, recoveryCodes));
    if (sessionId) await markSessionTwoFactor(tx, userId, sessionId);
    await queueMail(tx, user.email, twoFactorChangedMail(true));
    await recordAudit(tx, { action: "account.2fa-enable", actorId: userId, accountId: userId });
    return ok({ recoveryCodes });
  });
}

/** Ten new recovery codes for the password; the old ones stop working. */
export async function regenerateRecoveryCodes(
  db: Db,
  userId: string,
  password: string,
): Promise<Result<RecoveryCodes>> {
  const user = await findTwoFactorAccount(db, userId);
  if (!user) return fail(SESSION_ENDED);
  if (!(await verifyPassword(password, user.passwordHash))) return fail(WRONG_PASSWORD, "password");
  if (!user.totpEnabledAt) return fail(ALREADY_OFF);
  const recoveryCodes = newRecoveryCodes();
  return db.$transaction(async (tx) => {
    if (!(await findTwoFactorAccount(tx, userId))?.totpEnabledAt) return fail(ALREADY_OFF);
    await replaceRecoveryCodes(tx, userId, hashAll(userId, recoveryCodes));
    await recordAudit(tx, { action: "account.recovery-codes", actorId: userId, accountId: userId });
    return ok({ recoveryCodes });
  });
}

/**
 * Turns two-factor off for the password and a code (or a recovery code): the secret and the recovery codes are
 * forgotten, and every other session of the account ends.
 */
export async function disableTwoFactor(
  db: Db,
  userId: string,
  input: { password: string; code: string },
  currentSessionId: string | null,
  now = new Date(),
): Promise<Result> {
  const user = await findTwoFactorAccount(db, userId);
  if (!user) return fail(SESSION_ENDED);
  if (!(await verifyPassword(input.password, user.passwordHash))) return fail(WRONG_PASSWORD, "password");
  if (!user.totpEnabledAt) return fail(ALREADY_OFF);
  return db.$transaction(async (tx) => {
    const factor = await spendSecondFactor(tx, user, input.code, now);
    if (!factor) return fail(WRONG_CODE, "code");
    if (factor === "recovery") await recordAudit(tx, recoveryUsedAudit(userId));
    await clearTwoFactor(tx, userId);
    await endOtherSessions(tx, userId, currentSessionId, now);
    await queueMail(tx, user.email, twoFactorChangedMail(false));
    await recordAudit(tx, { action: "account.2fa-disable", actorId: userId, accountId: userId });
    return ok();
  });
}

/**
 * Checks a code from the app (each time step signs in once) or a recovery code (each works once, and its use
 * is audited and mailed). Callers limit how often it may be tried.
 */
export async function verifySecondFactor(
  db: Db,
  userId: string,
  code: string,
  now = new Date(),
): Promise<Result<{ method: SecondFactor }>> {
  const user = await findTwoFactorAccount(db, userId);
  if (!user) return fail(WRONG_CODE, "code");
  return db.$transaction((tx) => passSecondFactor(tx, user, code, now));
}

export type SecondFactor = "totp" | "recovery";

/** verifySecondFactor inside a caller's transaction, for a user it has already read. */
export async function passSecondFactor(
  tx: Tx,
  user: Account,
  code: string,
  now: Date,
): Promise<Result<{ method: SecondFactor }>> {
  const method = await spendSecondFactor(tx, user, code, now);
  if (!method) return fail(WRONG_CODE, "code");
  if (method === "recovery") {
    await recordAudit(tx, recoveryUsedAudit(user.id));
    await queueMail(tx, user.email, recoveryCodeUsedMail(await countRecoveryCodesLeft(tx, user.id)));
  }
  return ok({ method });
}

/** Spends the code if it is right and unused; which kind it was, or null. */
async function spendSecondFactor(tx: Tx, user: Account, code: string, now: Date): Promise<SecondFactor | null> {
  if (!user.totpEnabledAt) return null;
  if (isTotpCode(code)) {
    const secret = user.totpSecret ? unseal(user.totpSecret, user.id) : null;
    const step = secret ? acceptedTotpStep(secret, code, now, user.totpLastStep) : null;
    return step !== null && (await spendTotpStep(tx, user.id, step)) ? "totp" : null;
  }
  return (await spendRecoveryCode(tx, user.id, recoveryCodeHash(user.id, code), now)) ? "recovery" : null;
}

const recoveryUsedAudit = (userId: string) => ({ action: "account.recovery-used", actorId: userId, accountId: userId });

function newRecoveryCodes(): string[] {
  const codes = new Set<string>();
  while (codes.size < RECOVERY_CODE_COUNT) codes.add(newRecoveryCode());
  return [...codes];
}

const hashAll = (userId: string, codes: string[]) => codes.map((code) => recoveryCodeHash(userId, code));
