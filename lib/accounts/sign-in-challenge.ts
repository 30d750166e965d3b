import { verifyPassword } from "@/lib/auth/password";
import type { Db } from "@/lib/db/client";
import { findSignInChallenge, insertSignInChallenge, spendSignInChallenge } from "@/lib/db/sign-in-challenges";
import { findTwoFactorAccount } from "@/lib/db/two-factor";
import { findUserForSignIn } from "@/lib/db/users";
import { fail, ok, type Result } from "@/lib/result";
import { newToken, tokenHash } from "./tokens";
import { passSecondFactor } from "./two-factor";

/** How long the code step may wait after the password step. */
export const CHALLENGE_MINUTES = 5;
export const WRONG_CREDENTIALS = "Wrong e-mail address or password.";
export const SIGN_IN_TIMED_OUT = "This sign-in took too long or was already finished. Enter your password again.";

/** Who finishes signing in. */
export type SignedInUser = { id: string; email: string; name: string };

class ChallengeSpent extends Error {}

/**
 * The password step. Right on an account without two-factor: no challenge, the password alone signs in. Right
 * on one with two-factor: a challenge for the code step, and nothing signs in yet.
 */
export async function checkPasswordStep(
  db: Db,
  input: { email: string; password: string },
  now = new Date(),
): Promise<Result<{ challenge: string | null }>> {
  const user = await findUserForSignIn(db, input.email);
  if (!(await verifyPassword(input.password, user?.passwordHash ?? null)) || !user) return fail(WRONG_CREDENTIALS);
  if (!user.totpEnabledAt) return ok({ challenge: null });
  return ok({ challenge: await startSignInChallenge(db, user.id, now) });
}

/**
 * After a right password on an account with two-factor: a single-use token for the code step. Only its hash is
 * stored; the token lives in the sign-in form.
 */
export async function startSignInChallenge(db: Db, userId: string, now = new Date()): Promise<string> {
  const { token, hash } = newToken();
  await insertSignInChallenge(db, {
    userId,
    tokenHash: hash,
    createdAt: now,
    expiresAt: new Date(now.getTime() + CHALLENGE_MINUTES * 60_000),
  });
  return token;
}

/** The account a live challenge belongs to, so its code attempts count against that account's limit. */
export async function findChallengeAccount(db: Db, token: string, now = new Date()): Promise<{ email: string } | null> {
  const challenge = await findSignInChallenge(db, tokenHash(token));
  if (!challenge || challenge.usedAt || challenge.expiresAt <= now) return null;
  return { email: challenge.user.email };
}

/** The code step: a right code for the challenge's own account spends both the code and the challenge. */
export async function completeSignIn(
  db: Db,
  input: { challenge: string; code: string },
  now = new Date(),
): Promise<Result<SignedInUser>> {
  const challenge = await findSignInChallenge(db, tokenHash(input.challenge));
  if (!challenge || challenge.usedAt || challenge.expiresAt <= now) return fail(SIGN_IN_TIMED_OUT);
  const user = await findTwoFactorAccount(db, challenge.userId);
  if (!user) return fail(SIGN_IN_TIMED_OUT);
  try {
    return await db.$transaction(async (tx) => {
      const passed = await passSecondFactor(tx, user, input.code, now);
      if (!passed.ok) return passed;
      // Two right codes racing on one challenge: the second is rolled back, its code unspent.
      if (!(await spendSignInChallenge(tx, challenge.id, now))) throw new ChallengeSpent();
      return ok({ id: user.id, email: user.email, name: challenge.user.name });
    });
  } catch (error) {
    if (error instanceof ChallengeSpent) return fail(SIGN_IN_TIMED_OUT);
    throw error;
  }
}
