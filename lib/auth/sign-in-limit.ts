import { rateLimits, retryText, type LimitCheck } from "@/lib/security/rate-limit";

/** Whether this account or address may try to sign in now (SPEC hardening: failed sign-ins are limited). */
export async function signInAllowed(email: string, ip: string | null): Promise<LimitCheck> {
  const limits = rateLimits();
  const checks = await Promise.all([
    limits.signInAccount.check(email.toLowerCase()),
    limits.signInIp.check(ip ?? "unknown"),
  ]);
  const blocked = checks.filter((c): c is Extract<LimitCheck, { ok: false }> => !c.ok);
  return blocked.length === 0
    ? { ok: true }
    : { ok: false, retryAfterSeconds: Math.max(...blocked.map((c) => c.retryAfterSeconds)) };
}

export function tooManySignInsMessage(seconds: number): string {
  return `Too many failed sign-ins for this account or from your address. Try again in ${retryText(seconds)}.`;
}
