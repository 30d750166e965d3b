import { rateLimits, retryText } from "@/lib/security/rate-limit";

/**
 * Takes one point for a sign-up or a mailed link: per asking address, and per e-mail address asked for. The
 * refusal reads the same whether or not the address has an account.
 */
export async function beginAccountMail(email: string, ip: string | null): Promise<string | null> {
  const limits = rateLimits();
  const address = await limits.accountMailAddress.take(ip ?? "unknown");
  if (!address.ok) return tooMany(address.retryAfterSeconds);
  const recipient = await limits.accountMailRecipient.take(email.toLowerCase());
  if (!recipient.ok) return tooMany(recipient.retryAfterSeconds);
  return null;
}

const tooMany = (seconds: number) => `Too many requests. Try again in ${retryText(seconds)}.`;
