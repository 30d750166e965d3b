import { rateLimits, retryText, type LimitCheck } from "@/lib/security/rate-limit";

/*
 * Failed sign-ins are limited per account and per address (SPEC hardening). Each attempt is checked once,
 * where it enters: the login action and the credentials callback route call signInAllowed() before
 * next-auth runs authorize(), which only records the outcome (signInFailed, signInSucceeded).
 */

const accountKey = (email: string) => email.toLowerCase();
const ipKey = (ip: string | null) => ip ?? "unknown";

/** Whether this account or address may try to sign in now; when not, how long until it may. */
export async function signInAllowed(email: string, ip: string | null): Promise<LimitCheck> {
  const limits = rateLimits();
  const checks = await Promise.all([limits.signInAccount.check(accountKey(email)), limits.signInIp.check(ipKey(ip))]);
  const blocked = checks.filter((c): c is Extract<LimitCheck, { ok: false }> => !c.ok);
  return blocked.length === 0
    ? { ok: true }
    : { ok: false, retryAfterSeconds: Math.max(...blocked.map((c) => c.retryAfterSeconds)) };
}

/** Counts a wrong e-mail address or password against both the account and the address. */
export async function signInFailed(email: string, ip: string | null): Promise<void> {
  const limits = rateLimits();
  await Promise.all([limits.signInAccount.fail(accountKey(email)), limits.signInIp.fail(ipKey(ip))]);
}

/** A successful sign-in clears the account's count (the address's count runs out on its own). */
export async function signInSucceeded(email: string): Promise<void> {
  await rateLimits().signInAccount.reset(accountKey(email));
}

export function tooManySignInsMessage(seconds: number): string {
  return `Too many failed sign-ins for this account or from your address. Try again in ${retryText(seconds)}.`;
}
