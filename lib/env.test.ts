import { readFileSync } from "node:fs";
import { parseEnv } from "node:util";
import { describe, expect, it } from "vitest";
import { ENV_NAMES, readEnv } from "./env";

const refusal = (source: Record<string, string>) => {
  try {
    readEnv(source);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("the environment was accepted");
};

describe("readEnv", () => {
  it("applies the documented defaults when nothing is set", () => {
    expect(readEnv({})).toEqual({
      DATABASE_URL: "file:./data/gallery.db",
      PORT: 3000,
      PACKAGES_DIR: "data/packages",
      STORAGE: "fs",
      S3_REGION: "us-east-1",
      S3_FORCE_PATH_STYLE: false,
      MAX_PACKAGE_MB: 250,
      MAX_COMPRESSION_RATIO: 100,
      DEMO_MODE: false,
      REGISTRATION: "open",
      MAIL_FROM: "Package Gallery <no-reply@gallery.local>",
      KEY_CACHE_TTL_MS: 30_000,
      INSTANCES: 1,
      TRUSTED_PROXY_HOPS: 0,
      SIGNIN_FAILURES_PER_ACCOUNT: 10,
      SIGNIN_FAILURES_PER_IP: 50,
      API_KEY_FAILURES_PER_IP: 30,
      SECRET_SCANNING_KEYS_URL: "https://api.github.com/meta/public_keys/secret_scanning",
      OIDC_GITHUB_ISSUER: "https://token.actions.githubusercontent.com",
      TRUSTED_PUBLISHING_KEY_MINUTES: 60,
      NODE_ENV: "development",
    });
  });

  it("counts an empty value as unset", () => {
    const blank = Object.fromEntries(ENV_NAMES.map((name) => [name, ""]));
    expect(readEnv(blank)).toEqual(readEnv({}));
  });

  it("reads set values into their types", () => {
    const env = readEnv({
      DATABASE_URL: "postgresql://gallery@db:5432/gallery",
      PORT: "8080",
      GALLERY_URL: "https://nuget.example.com/",
      MAX_PACKAGE_MB: "10",
      DEMO_MODE: "1",
      SMTP_URL: "smtps://user:pass@mail.example.com:465",
      KEY_CACHE_TTL_MS: "0",
      RATE_LIMIT_REDIS_URL: "redis://127.0.0.1:6379",
      TRUSTED_PROXY_HOPS: "2",
      SIGNIN_FAILURES_PER_ACCOUNT: "3",
      NODE_ENV: "production",
      UNRELATED: "ignored",
    });
    expect(env).toMatchObject({
      DATABASE_URL: "postgresql://gallery@db:5432/gallery",
      PORT: 8080,
      GALLERY_URL: "https://nuget.example.com",
      MAX_PACKAGE_MB: 10,
      DEMO_MODE: true,
      SMTP_URL: "smtps://user:pass@mail.example.com:465",
      KEY_CACHE_TTL_MS: 0,
      RATE_LIMIT_REDIS_URL: "redis://127.0.0.1:6379",
      TRUSTED_PROXY_HOPS: 2,
      SIGNIN_FAILURES_PER_ACCOUNT: 3,
      NODE_ENV: "production",
    });
    expect(env).not.toHaveProperty("UNRELATED");
    expect(Object.isFrozen(env)).toBe(true);
    expect(readEnv({ DEMO_MODE: "0" }).DEMO_MODE).toBe(false);
  });

  it("refuses a bad number, naming the variable, what it expects and what it got", () => {
    expect(refusal({ MAX_PACKAGE_MB: "abc" })).toBe(
      'Invalid environment: MAX_PACKAGE_MB must be a positive whole number (got "abc").',
    );
    for (const value of ["0", "-5", "2.5", "1e3", " 7", "9007199254740993"]) {
      expect(refusal({ MAX_COMPRESSION_RATIO: value })).toContain(
        "MAX_COMPRESSION_RATIO must be a positive whole number",
      );
    }
    expect(refusal({ KEY_CACHE_TTL_MS: "-1" })).toContain("KEY_CACHE_TTL_MS must be a whole number, 0 or more");
    expect(refusal({ TRUSTED_PROXY_HOPS: "one" })).toContain("TRUSTED_PROXY_HOPS must be a whole number, 0 or more");
    expect(refusal({ PORT: "70000" })).toContain("PORT must be a port number from 1 to 65535");
    for (const name of ["SIGNIN_FAILURES_PER_ACCOUNT", "SIGNIN_FAILURES_PER_IP", "API_KEY_FAILURES_PER_IP"]) {
      expect(refusal({ [name]: "0" })).toContain(`${name} must be a positive whole number (got "0")`);
    }
  });

  it("reads the object storage settings, the prefix as one folder", () => {
    const env = readEnv({
      STORAGE: "s3",
      S3_ENDPOINT: "http://127.0.0.1:9000",
      S3_REGION: "eu-west-3",
      S3_BUCKET: "packages",
      S3_PREFIX: "/gallery/prod/",
      S3_ACCESS_KEY_ID: "AKIAEXAMPLE",
      S3_SECRET_ACCESS_KEY: "secret",
      S3_FORCE_PATH_STYLE: "1",
    });
    expect(env).toMatchObject({
      STORAGE: "s3",
      S3_ENDPOINT: "http://127.0.0.1:9000",
      S3_REGION: "eu-west-3",
      S3_BUCKET: "packages",
      S3_PREFIX: "gallery/prod/",
      S3_ACCESS_KEY_ID: "AKIAEXAMPLE",
      S3_SECRET_ACCESS_KEY: "secret",
      S3_FORCE_PATH_STYLE: true,
    });
    expect(readEnv({ STORAGE: "s3", S3_BUCKET: "packages", S3_PREFIX: "/" }).S3_PREFIX).toBeUndefined();
  });

  it("refuses object storage without a bucket, half a key pair, or an unknown backend", () => {
    expect(refusal({ STORAGE: "s3" })).toBe("Invalid environment: S3_BUCKET must be set when STORAGE is s3.");
    expect(refusal({ STORAGE: "s3", PORT: "web" })).toContain("S3_BUCKET must be set when STORAGE is s3");
    expect(refusal({ STORAGE: "gcs" })).toBe('Invalid environment: STORAGE must be fs or s3 (got "gcs").');
    expect(refusal({ S3_ACCESS_KEY_ID: "AKIAEXAMPLE" })).toBe(
      "Invalid environment: S3_SECRET_ACCESS_KEY must be set with S3_ACCESS_KEY_ID.",
    );
    expect(refusal({ S3_SECRET_ACCESS_KEY: "hunter2" })).toBe(
      "Invalid environment: S3_ACCESS_KEY_ID must be set with S3_SECRET_ACCESS_KEY.",
    );
    expect(refusal({ S3_ENDPOINT: "minio:9000" })).toContain("S3_ENDPOINT must be an http:// or https:// URL");
    expect(refusal({ S3_FORCE_PATH_STYLE: "yes" })).toContain("S3_FORCE_PATH_STYLE must be 1 (on) or 0 (off)");
  });

  it("refuses a gallery URL that is not an http(s) origin", () => {
    for (const value of [
      "nuget.example.com",
      "ftp://nuget.example.com",
      "https://example.com/gallery",
      "https://example.com/?a=1",
    ]) {
      expect(refusal({ GALLERY_URL: value })).toContain(
        "GALLERY_URL must be an http:// or https:// URL without a path",
      );
    }
    expect(readEnv({ GALLERY_URL: "http://localhost:3000" }).GALLERY_URL).toBe("http://localhost:3000");
  });

  it("refuses other bad values, without repeating ones that may hold a password", () => {
    expect(refusal({ DEMO_MODE: "true" })).toBe(
      'Invalid environment: DEMO_MODE must be 1 (on) or 0 (off) (got "true").',
    );
    expect(refusal({ NODE_ENV: "staging" })).toContain("NODE_ENV must be development, production or test");
    expect(refusal({ REGISTRATION: "invite-only" })).toBe(
      'Invalid environment: REGISTRATION must be open or closed (got "invite-only").',
    );
    const smtp = refusal({ SMTP_URL: "http://user:hunter2@mail.example.com" });
    expect(smtp).toBe("Invalid environment: SMTP_URL must be an smtp:// or smtps:// URL.");
    const redis = refusal({ RATE_LIMIT_REDIS_URL: "localhost:6379:hunter2" });
    expect(redis).toBe("Invalid environment: RATE_LIMIT_REDIS_URL must be a redis:// or rediss:// URL.");
  });

  it("runs several instances only on a shared PostgreSQL database with a shared Redis for rate limits", () => {
    expect(refusal({ INSTANCES: "3" })).toBe(
      "Invalid environment: DATABASE_URL must be a postgres:// URL when INSTANCES is 3: SQLite serves one instance " +
        "only; RATE_LIMIT_REDIS_URL must be set when INSTANCES is 3, so every instance counts rate limits in the " +
        "same Redis.",
    );
    const postgres = "postgresql://gallery:hunter2@db:5432/gallery";
    const withoutRedis = refusal({ INSTANCES: "2", DATABASE_URL: postgres });
    expect(withoutRedis).toBe(
      "Invalid environment: RATE_LIMIT_REDIS_URL must be set when INSTANCES is 2, so every instance counts rate " +
        "limits in the same Redis.",
    );
    expect(withoutRedis).not.toContain("hunter2");
    expect(refusal({ INSTANCES: "2", RATE_LIMIT_REDIS_URL: "redis://cache:6379" })).toContain(
      "DATABASE_URL must be a postgres:// URL when INSTANCES is 2",
    );
    expect(
      readEnv({ INSTANCES: "2", DATABASE_URL: postgres, RATE_LIMIT_REDIS_URL: "redis://cache:6379" }),
    ).toMatchObject({ INSTANCES: 2 });
    expect(readEnv({ INSTANCES: "1" }).INSTANCES).toBe(1);
    expect(refusal({ INSTANCES: "0" })).toBe(
      'Invalid environment: INSTANCES must be a positive whole number (got "0").',
    );
  });

  it("names every bad variable in one message", () => {
    const message = refusal({ PORT: "web", MAX_PACKAGE_MB: "big", DEMO_MODE: "yes", MAIL_FROM: "" });
    expect(message).toMatch(/^Invalid environment: /);
    expect(message).toContain('PORT must be a port number from 1 to 65535 (got "web")');
    expect(message).toContain('MAX_PACKAGE_MB must be a positive whole number (got "big")');
    expect(message).toContain('DEMO_MODE must be 1 (on) or 0 (off) (got "yes")');
    expect(message).not.toContain("MAIL_FROM");
  });

  it("accepts .env.example as it stands, and that file documents every variable", () => {
    const example = parseEnv(readFileSync(new URL("../.env.example", import.meta.url), "utf8"));
    expect(() => readEnv(example)).not.toThrow();
    expect(Object.keys(example).sort()).toEqual(ENV_NAMES.filter((name) => name !== "NODE_ENV").sort());
  });
});
