import "server-only";
import * as z from "zod";
import { DEFAULT_DATABASE_URL, isPostgresUrl } from "@/lib/db/url";

/**
 * The server's settings, read from the environment once and checked as a whole: a bad value stops the
 * start (instrumentation.ts) with one message naming every bad variable. Every variable is documented
 * in .env.example; nothing else in lib/ or app/ reads process.env.
 */

const POSITIVE = "a positive whole number";
const NON_NEGATIVE = "a whole number, 0 or more";

function wholeNumber(expected: string, min: number, max = Number.MAX_SAFE_INTEGER) {
  return z
    .string()
    .regex(/^\d+$/, { error: `must be ${expected}` })
    .transform(Number)
    .refine((n) => n >= min && n <= max, { error: `must be ${expected}` });
}

function url(expected: string, accepts: (url: URL, raw: string) => boolean) {
  return z.string().refine(
    (raw) => {
      try {
        return accepts(new URL(raw), raw);
      } catch {
        return false;
      }
    },
    { error: `must be ${expected}` },
  );
}

const fields = z.object({
  DATABASE_URL: z.string().default(DEFAULT_DATABASE_URL),
  AUTH_SECRET: z.string().optional(),
  AUTH_GITHUB_ID: z.string().optional(),
  AUTH_GITHUB_SECRET: z.string().optional(),
  PORT: wholeNumber("a port number from 1 to 65535", 1, 65_535).default(3000),
  /** The interface server.mjs listens on (all when unset), as Next.js's own server reads it. */
  HOSTNAME: z.string().optional(),
  /** The public base URL without a trailing slash; unset means "the request's origin" (see galleryBaseUrl). */
  GALLERY_URL: url(
    "an http:// or https:// URL without a path, such as https://nuget.example.com",
    (u, raw) =>
      (u.protocol === "http:" || u.protocol === "https:") &&
      u.pathname === "/" &&
      !/[?#]/.test(raw) &&
      !u.username &&
      !u.password,
  )
    .transform((raw) => raw.replace(/\/$/, ""))
    .optional(),
  PACKAGES_DIR: z.string().default("data/packages"),
  /** Where package files live: fs (PACKAGES_DIR) or s3 (a bucket of any S3-compatible store). */
  STORAGE: z.enum(["fs", "s3"], { error: "must be fs or s3" }).default("fs"),
  /** The store's URL for S3-compatible stores; unset means AWS S3 itself. */
  S3_ENDPOINT: url("an http:// or https:// URL", (u) => u.protocol === "http:" || u.protocol === "https:").optional(),
  S3_REGION: z.string().default("us-east-1"),
  S3_BUCKET: z.string().optional(),
  /** A folder inside the bucket; stored as "name/" whatever slashes it was given. */
  S3_PREFIX: z
    .string()
    .transform((raw) => raw.replace(/^\/+|\/+$/g, ""))
    .transform((folder) => (folder ? `${folder}/` : undefined))
    .optional(),
  /** Unset means the AWS SDK's own credential chain (AWS_* variables, shared files, instance roles). */
  S3_ACCESS_KEY_ID: z.string().optional(),
  S3_SECRET_ACCESS_KEY: z.string().optional(),
  S3_FORCE_PATH_STYLE: z
    .enum(["0", "1"], { error: "must be 1 (on) or 0 (off)" })
    .optional()
    .transform((value) => value === "1"),
  MAX_PACKAGE_MB: wholeNumber(POSITIVE, 1).default(250),
  MAX_COMPRESSION_RATIO: wholeNumber(POSITIVE, 1).default(100),
  DEMO_MODE: z
    .enum(["0", "1"], { error: "must be 1 (on) or 0 (off)" })
    .optional()
    .transform((value) => value === "1"),
  REGISTRATION: z.enum(["open", "closed"], { error: "must be open or closed" }).default("open"),
  SMTP_URL: url("an smtp:// or smtps:// URL", (u) => u.protocol === "smtp:" || u.protocol === "smtps:").optional(),
  MAIL_FROM: z.string().default("Package Gallery <no-reply@gallery.local>"),
  CRON_SECRET: z.string().optional(),
  KEY_CACHE_TTL_MS: wholeNumber(NON_NEGATIVE, 0).default(30_000),
  /** How many gallery instances serve this database; above 1 they must share PostgreSQL and Redis. */
  INSTANCES: wholeNumber(POSITIVE, 1).default(1),
  RATE_LIMIT_REDIS_URL: url(
    "a redis:// or rediss:// URL",
    (u) => u.protocol === "redis:" || u.protocol === "rediss:",
  ).optional(),
  TRUSTED_PROXY_HOPS: wholeNumber(NON_NEGATIVE, 0).default(0),
  SIGNIN_FAILURES_PER_ACCOUNT: wholeNumber(POSITIVE, 1).default(10),
  SIGNIN_FAILURES_PER_IP: wholeNumber(POSITIVE, 1).default(50),
  API_KEY_FAILURES_PER_IP: wholeNumber(POSITIVE, 1).default(30),
  /** Where GitHub's secret-scanning public keys are listed; reports to /api/secret-scanning are checked against them. */
  SECRET_SCANNING_KEYS_URL: url(
    "an http:// or https:// URL",
    (u) => u.protocol === "http:" || u.protocol === "https:",
  ).default("https://api.github.com/meta/public_keys/secret_scanning"),
  /** The OIDC issuer whose tokens Trusted Publishing exchanges (GitHub Actions), without a trailing slash. */
  OIDC_GITHUB_ISSUER: url("an http:// or https:// URL", (u) => u.protocol === "http:" || u.protocol === "https:")
    .transform((raw) => raw.replace(/\/$/, ""))
    .default("https://token.actions.githubusercontent.com"),
  /** The audience those tokens must name; unset means the gallery's origin. */
  OIDC_AUDIENCE: z.string().optional(),
  TRUSTED_PUBLISHING_KEY_MINUTES: wholeNumber("a whole number of minutes from 1 to 60", 1, 60).default(60),
  NODE_ENV: z
    .enum(["development", "production", "test"], { error: "must be development, production or test" })
    .default("development"),
});

/** Settings that only make sense together: checked once each variable has passed on its own. */
const schema = fields.superRefine((env, ctx) => {
  if (env.STORAGE === "s3" && !env.S3_BUCKET) {
    ctx.addIssue({ code: "custom", path: ["S3_BUCKET"], message: "must be set when STORAGE is s3" });
  }
  if (Boolean(env.S3_ACCESS_KEY_ID) !== Boolean(env.S3_SECRET_ACCESS_KEY)) {
    const missing = env.S3_ACCESS_KEY_ID ? "S3_SECRET_ACCESS_KEY" : "S3_ACCESS_KEY_ID";
    const other = env.S3_ACCESS_KEY_ID ? "S3_ACCESS_KEY_ID" : "S3_SECRET_ACCESS_KEY";
    ctx.addIssue({ code: "custom", path: [missing], message: `must be set with ${other}` });
  }
  // Several instances need what they share: one PostgreSQL database (its bus and job locks) and one Redis for limits.
  if (env.INSTANCES <= 1) return;
  if (!isPostgresUrl(env.DATABASE_URL)) {
    ctx.addIssue({
      code: "custom",
      path: ["DATABASE_URL"],
      message: `must be a postgres:// URL when INSTANCES is ${env.INSTANCES}: SQLite serves one instance only`,
    });
  }
  if (!env.RATE_LIMIT_REDIS_URL) {
    ctx.addIssue({
      code: "custom",
      path: ["RATE_LIMIT_REDIS_URL"],
      message: `must be set when INSTANCES is ${env.INSTANCES}, so every instance counts rate limits in the same Redis`,
    });
  }
});

export type Env = Readonly<z.output<typeof schema>>;

/** Every variable the gallery reads. */
export const ENV_NAMES = Object.keys(fields.shape) as (keyof Env)[];

/** Values that may hold a password or a secret: a refusal names the variable but never repeats its value. */
const SECRET = new Set([
  "DATABASE_URL",
  "AUTH_SECRET",
  "AUTH_GITHUB_SECRET",
  "SMTP_URL",
  "CRON_SECRET",
  "RATE_LIMIT_REDIS_URL",
  "S3_SECRET_ACCESS_KEY",
]);

function shown(name: string, raw: string | undefined): string {
  if (raw === undefined || SECRET.has(name)) return "";
  return ` (got ${JSON.stringify(raw.length > 80 ? `${raw.slice(0, 80)}…` : raw)})`;
}

/**
 * Parses the given variables (process.env unless a test passes its own); an empty value counts as unset.
 * Throws one error naming every bad variable and what it expects.
 */
export function readEnv(source: Record<string, string | undefined> = process.env): Env {
  const input = Object.fromEntries(ENV_NAMES.map((name) => [name, source[name] === "" ? undefined : source[name]]));
  const parsed = schema.safeParse(input);
  if (parsed.success) return Object.freeze(parsed.data);
  const problems = new Map<string, string>();
  for (const issue of parsed.error.issues) {
    const name = String(issue.path[0]);
    if (!problems.has(name)) problems.set(name, `${name} ${issue.message}${shown(name, input[name])}`);
  }
  throw new Error(`Invalid environment: ${[...problems.values()].join("; ")}.`);
}

let cached: Env | undefined;

/** The settings, parsed on first use and kept for the life of the process. */
export function env(): Env {
  return (cached ??= readEnv());
}

/** For the server's start (instrumentation.ts): reads the settings, or stops the process saying what is wrong. */
export function checkEnvAtStart(): void {
  try {
    env();
  } catch (error) {
    console.error(`The gallery cannot start. ${(error as Error).message}`);
    process.exit(1);
  }
}
