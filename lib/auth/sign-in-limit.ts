import { fail, type Result } from "@/lib/result";
import { rateLimits, retryText, type LimitCheck } from "@/lib/security/rate-limit";

/*
 * Sign-in attempts are limited per account and address, and per address (SPEC hardening). Each attempt
 * takes its points where it enters (the login action, the credentials callback route) before the password
 * is checked, so parallel guesses cannot slip past the limit; authorize() gives them back when it succeeds.
 * A stranger guessing from elsewhere never locks the owner out of their own address: past a per-account
 * ceiling attempts are only slowed.
 */

const accountKey = (email: string) => email.toLowerCase();
const addressKey = (ip: string | null) => ip ?? "unknown";
const pairKey = (email: string, ip: string | null) => `${accountKey(email)}|${addressKey(ip)}`;

/** How long an attempt waits once the account's ceiling is passed. */
export const SLOWED_BY_MS = 1000;

/** Takes this attempt's points; when refused, says how long until it may try again. */
export async function beginSignIn(email: string, ip: string | null): Promise<LimitCheck> {
  const limits = rateLimits();
  const pair = await limits.signInAccountAddress.take(pairKey(email, ip));
  if (!pair.ok) return pair;
  const address = await limits.signInAddress.take(addressKey(ip));
  if (!address.ok) {
    await limits.signInAccountAddress.giveBack(pairKey(email, ip));
    return address;
  }
  const account = await limits.signInAccount.take(accountKey(email));
  if (!account.ok) await new Promise((resolve) => setTimeout(resolve, SLOWED_BY_MS));
  return { ok: true };
}

/** A good password gives the attempt's points back and clears the account's count from this address. */
export async function signInSucceeded(email: string, ip: string | null): Promise<void> {
  const limits = rateLimits();
  await Promise.all([
    limits.signInAccountAddress.reset(pairKey(email, ip)),
    limits.signInAddress.giveBack(addressKey(ip)),
    limits.signInAccount.giveBack(accountKey(email)),
  ]);
}

/**
 * A right password on an account whose code is still to come gives this attempt's points back but keeps the
 * count: wrong codes add up like wrong passwords until a right code clears them.
 */
export async function passwordAccepted(email: string, ip: string | null): Promise<void> {
  const limits = rateLimits();
  await Promise.all([
    limits.signInAccountAddress.giveBack(pairKey(email, ip)),
    limits.signInAddress.giveBack(addressKey(ip)),
    limits.signInAccount.giveBack(accountKey(email)),
  ]);
}

/** A password or code asked again of a signed-in user is limited like a sign-in attempt on the account. */
export async function limitedAttempt<T>(
  email: string,
  ip: string | null,
  attempt: () => Promise<Result<T>>,
): Promise<Result<T>> {
  const limit = await beginSignIn(email, ip);
  if (!limit.ok) return fail(tooManySignInsMessage(limit.retryAfterSeconds));
  const result = await attempt();
  if (result.ok) await signInSucceeded(email, ip);
  return result;
}

export function tooManySignInsMessage(seconds: number): string {
  return `Too many failed sign-ins for this account or from your address. Try again in ${retryText(seconds)}.`;
}
