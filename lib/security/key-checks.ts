import { rateLimits, retryText, type AttemptLimiter } from "./rate-limit";

export type KeyCheckLimiters = { perKey: AttemptLimiter; perAddress: AttemptLimiter };

export type KeyCheck =
  { ok: true; passed: () => Promise<void> } | { ok: false; retryAfterSeconds: number; message: string };

/**
 * Limits checks of well-formed API keys that turn out not to exist, by address (malformed keys are refused
 * from their checksum and cost nothing). One wrong key presented again and again (a CI job with a
 * stale secret) is refused on its own once it has failed SAME_KEY_FAILURES times, without holding back the
 * other keys sent from that address; each distinct wrong key also counts once against the address, so
 * guessing from one address stops (and stops reaching the database) after API_KEY_FAILURES_PER_IP keys.
 * Points are taken before the key is looked up and given back when it turns out to exist.
 */
export async function beginKeyCheck(address: string, keyHash: string, limiters: KeyCheckLimiters): Promise<KeyCheck> {
  const sameKey = `${address}|${keyHash}`;
  const forKey = await limiters.perKey.take(sameKey);
  if (!forKey.ok) return refused(forKey.retryAfterSeconds, "this key has failed too often from your address");
  const forAddress = forKey.first ? await limiters.perAddress.take(address) : ({ ok: true } as const);
  if (!forAddress.ok) {
    await limiters.perKey.giveBack(sameKey);
    return refused(forAddress.retryAfterSeconds, "too many different keys have failed from your address");
  }
  return {
    ok: true,
    passed: async () => {
      await limiters.perKey.reset(sameKey);
      if (forKey.first) await limiters.perAddress.giveBack(address);
    },
  };
}

function refused(retryAfterSeconds: number, why: string): KeyCheck {
  return {
    ok: false,
    retryAfterSeconds,
    message: `Too many failed API key checks: ${why}. Try again in ${retryText(retryAfterSeconds)}.`,
  };
}

/** The app's shared limiters for key checks. */
export function keyCheckLimiters(): KeyCheckLimiters {
  const limits = rateLimits();
  return { perKey: limits.apiKeyPerKey, perAddress: limits.apiKeyPerAddress };
}
