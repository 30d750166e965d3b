import Redis from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { env } from "@/lib/env";

export type LimitCheck = { ok: true } | { ok: false; retryAfterSeconds: number };

/** Counts failures per key within a window; once over the limit, checks fail until the window ends. */
export class FailureLimiter {
  constructor(private readonly limiter: RateLimiterAbstract) {}

  get points(): number {
    return this.limiter.points;
  }

  async check(key: string): Promise<LimitCheck> {
    const res = await this.limiter.get(key);
    if (!res || res.consumedPoints < this.limiter.points) return { ok: true };
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(res.msBeforeNext / 1000)) };
  }

  async fail(key: string): Promise<void> {
    try {
      await this.limiter.consume(key);
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
    }
  }

  async reset(key: string): Promise<void> {
    await this.limiter.delete(key);
  }
}

type LimiterOptions = { name: string; points: number; windowSeconds: number };

let redis: Redis | null | undefined;
function sharedRedis(): Redis | null {
  if (redis === undefined) {
    const url = env().RATE_LIMIT_REDIS_URL;
    redis = url ? new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: false }) : null;
    redis?.on("error", (error) => console.error(`[rate-limit] Redis: ${error.message}`));
  }
  return redis;
}

/** In memory by default; with RATE_LIMIT_REDIS_URL every instance shares one count (memory if Redis is down). */
export function createFailureLimiter(
  { name, points, windowSeconds }: LimiterOptions,
  client = sharedRedis(),
): FailureLimiter {
  const memory = new RateLimiterMemory({ keyPrefix: name, points, duration: windowSeconds });
  if (!client) return new FailureLimiter(memory);
  return new FailureLimiter(
    new RateLimiterRedis({
      storeClient: client,
      keyPrefix: `gallery:${name}`,
      points,
      duration: windowSeconds,
      insuranceLimiter: memory,
    }),
  );
}

export type RateLimits = { signInAccount: FailureLimiter; signInIp: FailureLimiter; apiKeyIp: FailureLimiter };

const globalForLimits = globalThis as unknown as { galleryRateLimits?: RateLimits };

/** The app's limits: failed sign-ins per account and per IP, failed API-key checks per IP. */
export function rateLimits(): RateLimits {
  const settings = env();
  return (globalForLimits.galleryRateLimits ??= {
    signInAccount: createFailureLimiter({
      name: "signin-account",
      points: settings.SIGNIN_FAILURES_PER_ACCOUNT,
      windowSeconds: 15 * 60,
    }),
    signInIp: createFailureLimiter({
      name: "signin-ip",
      points: settings.SIGNIN_FAILURES_PER_IP,
      windowSeconds: 15 * 60,
    }),
    apiKeyIp: createFailureLimiter({
      name: "apikey-ip",
      points: settings.API_KEY_FAILURES_PER_IP,
      windowSeconds: 5 * 60,
    }),
  });
}

export function retryText(seconds: number): string {
  return seconds < 120 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`;
}
