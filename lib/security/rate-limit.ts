import Redis from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { env } from "@/lib/env";

export type LimitCheck = { ok: true } | { ok: false; retryAfterSeconds: number };
export type Taken = { ok: true; first: boolean } | { ok: false; retryAfterSeconds: number };

const retryAfter = (res: RateLimiterRes) => Math.max(1, Math.ceil(res.msBeforeNext / 1000));

/**
 * Counts attempts per key within a window. A point is taken atomically before the attempt is judged, so
 * parallel attempts cannot slip past the limit; an attempt that turns out good gives its point back.
 */
export class AttemptLimiter {
  constructor(private readonly limiter: RateLimiterAbstract) {}

  get points(): number {
    return this.limiter.points;
  }

  /** Takes a point; refused once the window's points are spent. `first` is true for the window's first point. */
  async take(key: string): Promise<Taken> {
    try {
      const res = await this.limiter.consume(key);
      return { ok: true, first: res.consumedPoints === 1 };
    } catch (error) {
      if (error instanceof RateLimiterRes) return { ok: false, retryAfterSeconds: retryAfter(error) };
      throw error;
    }
  }

  /** Whether a point could be taken now, without taking one. */
  async check(key: string): Promise<LimitCheck> {
    const res = await this.limiter.get(key);
    if (!res || res.consumedPoints < this.limiter.points) return { ok: true };
    return { ok: false, retryAfterSeconds: retryAfter(res) };
  }

  async giveBack(key: string): Promise<void> {
    await this.limiter.reward(key, 1);
  }

  async reset(key: string): Promise<void> {
    await this.limiter.delete(key);
  }
}

type LimiterOptions = { name: string; points: number; windowSeconds: number };

/** One client per process: the instrumentation hook and the routes are bundled apart but share globalThis. */
const shared = globalThis as unknown as { galleryLimitsRedis?: Redis | null };
function sharedRedis(): Redis | null {
  if (shared.galleryLimitsRedis === undefined) {
    const url = env().RATE_LIMIT_REDIS_URL;
    const client = url
      ? new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: false })
      : null;
    client?.on("error", (error) => console.error(`[rate-limit] Redis: ${error.message}`));
    shared.galleryLimitsRedis = client;
  }
  return shared.galleryLimitsRedis;
}

/** Connects to Redis before the first request, so an instance's first attempts count in the shared limits too. */
export async function connectSharedLimits(timeoutMs = 5000): Promise<void> {
  const client = sharedRedis();
  if (!client || client.status === "ready") return;
  await new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      client.off("ready", done);
      resolve();
    };
    const timer = setTimeout(() => {
      console.warn(`[rate-limit] Redis is not ready after ${timeoutMs / 1000} s: counting in memory until it is`);
      done();
    }, timeoutMs);
    client.once("ready", done);
  });
}

/** In memory by default; with RATE_LIMIT_REDIS_URL every instance shares one count (memory if Redis is down). */
export function createAttemptLimiter(
  { name, points, windowSeconds }: LimiterOptions,
  client = sharedRedis(),
): AttemptLimiter {
  const memory = new RateLimiterMemory({ keyPrefix: name, points, duration: windowSeconds });
  if (!client) return new AttemptLimiter(memory);
  return new AttemptLimiter(
    new RateLimiterRedis({
      storeClient: client,
      keyPrefix: `gallery:${name}`,
      points,
      duration: windowSeconds,
      insuranceLimiter: memory,
    }),
  );
}

export type RateLimits = {
  /** Sign-in attempts per account and address: the owner's own address is never locked by strangers. */
  signInAccountAddress: AttemptLimiter;
  /** Sign-in attempts per address, whatever the account. */
  signInAddress: AttemptLimiter;
  /** Sign-in attempts per account from anywhere: past it, attempts are slowed, never refused. */
  signInAccount: AttemptLimiter;
  /** Checks of one unknown or malformed key from one address. */
  apiKeyPerKey: AttemptLimiter;
  /** Distinct unknown or malformed keys from one address. */
  apiKeyPerAddress: AttemptLimiter;
  /** Sign-ups and requests for reset or confirmation links from one address. */
  accountMailAddress: AttemptLimiter;
  /** Requests for links to one e-mail address, whoever asks. */
  accountMailRecipient: AttemptLimiter;
};

const globalForLimits = globalThis as unknown as { galleryRateLimits?: RateLimits };

const SIGN_IN_WINDOW = 15 * 60;
const API_KEY_WINDOW = 5 * 60;
/** How many times one wrong key may be presented from one address in the window. */
export const SAME_KEY_FAILURES = 10;
/** The per-account sign-in ceiling, as a multiple of the per-account-and-address limit. */
const ACCOUNT_CEILING_FACTOR = 10;

const ACCOUNT_MAIL_WINDOW = 60 * 60;
/** Sign-ups and link requests one address may make in an hour. */
export const ACCOUNT_MAILS_PER_ADDRESS = 20;
/** Reset or confirmation links one e-mail address may be sent in an hour. */
export const ACCOUNT_MAILS_PER_RECIPIENT = 5;

/** The app's limits (README, Configuration); shared through Redis when RATE_LIMIT_REDIS_URL is set. */
export function rateLimits(): RateLimits {
  const settings = env();
  const limiter = (name: string, points: number, windowSeconds: number) =>
    createAttemptLimiter({ name, points, windowSeconds });
  return (globalForLimits.galleryRateLimits ??= {
    signInAccountAddress: limiter("signin-account-address", settings.SIGNIN_FAILURES_PER_ACCOUNT, SIGN_IN_WINDOW),
    signInAddress: limiter("signin-address", settings.SIGNIN_FAILURES_PER_IP, SIGN_IN_WINDOW),
    signInAccount: limiter(
      "signin-account",
      settings.SIGNIN_FAILURES_PER_ACCOUNT * ACCOUNT_CEILING_FACTOR,
      SIGN_IN_WINDOW,
    ),
    apiKeyPerKey: limiter("apikey-key", SAME_KEY_FAILURES, API_KEY_WINDOW),
    apiKeyPerAddress: limiter("apikey-address", settings.API_KEY_FAILURES_PER_IP, API_KEY_WINDOW),
    accountMailAddress: limiter("account-mail-address", ACCOUNT_MAILS_PER_ADDRESS, ACCOUNT_MAIL_WINDOW),
    accountMailRecipient: limiter("account-mail-recipient", ACCOUNT_MAILS_PER_RECIPIENT, ACCOUNT_MAIL_WINDOW),
  });
}

export function retryText(seconds: number): string {
  return seconds < 120 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`;
}
