import { calculateJwkThumbprint, decodeJwt, decodeProtectedHeader } from "jose";
import { describe, expect, it } from "vitest";
import { readEnv } from "@/lib/env";
import {
  demoDiscovery,
  demoIssuerKey,
  demoJwks,
  demoNumericId,
  DEMO_TOKEN_SECONDS,
  mintDemoToken,
} from "./demo-issuer";
import { OIDC_ALGORITHMS } from "./oidc";
import { demoTokenSchema } from "./schemas";
import { trustedIssuers } from "./trusted-issuers";

const SECRET = "demo-issuer-test-secret-0123456789abcdef";
const ORIGIN = "http://gallery.test";
const fields = demoTokenSchema.parse({
  repository: "Alice-Demo/Widgets",
  workflowFile: "release.yml",
  environment: "",
});
const mint = (over: { origin?: string; audience?: string; secret?: string; now?: Date } = {}) =>
  mintDemoToken(fields, { origin: ORIGIN, audience: ORIGIN, secret: SECRET, username: "alice", ...over });
const settings = (env: Record<string, string> = {}) =>
  readEnv({ AUTH_SECRET: SECRET, DEMO_MODE: "1", OIDC_GITHUB_ISSUER: "http://127.0.0.1:9/github", ...env });

describe("the demo issuer's key", () => {
  it("is the same for the same secret, on every instance and after a restart, and another for another secret", () => {
    const key = demoIssuerKey(SECRET);
    // Derived, never generated: this secret gives this key in any process, today and after any restart.
    expect(key.jwk).toEqual({
      kty: "OKP",
      crv: "Ed25519",
      x: "Oqx809Dzk3zLmtrr2UhWXCgQRJUmO9zalONC2Eh--9Q",
      kid: "mLXeQghlDsGkUO7pmxlAEqBtccEDIPlYFDMLmwJ6Tig",
      alg: "EdDSA",
      use: "sig",
    });
    expect(demoJwks(SECRET)).toEqual({ keys: [key.jwk] });
    const other = demoIssuerKey("another-secret-0123456789abcdef0123");
    expect(other.kid).not.toBe(key.kid);
    expect(other.jwk.x).not.toBe(key.jwk.x);
  });

  it("is named by its RFC 7638 thumbprint and publishes no private part", async () => {
    const { jwk, kid, privateKey } = demoIssuerKey(SECRET);
    expect(kid).toBe(await calculateJwkThumbprint(jwk));
    expect(privateKey.asymmetricKeyType).toBe("ed25519");
    expect(demoJwks(SECRET).keys).toHaveLength(1);
    expect(JSON.stringify(demoJwks(SECRET))).not.toMatch(/"d"/);
  });

  it("needs AUTH_SECRET", () => {
    expect(() => demoIssuerKey(undefined)).toThrow("AUTH_SECRET");
    expect(() => demoIssuerKey("")).toThrow("AUTH_SECRET");
  });

  it("signs with an algorithm the token endpoint accepts, as the discovery document says", () => {
    expect(OIDC_ALGORITHMS).toContain("EdDSA");
    expect(demoDiscovery(ORIGIN)).toMatchObject({
      issuer: `${ORIGIN}/demo/oidc`,
      jwks_uri: `${ORIGIN}/demo/oidc/jwks`,
      id_token_signing_alg_values_supported: ["EdDSA"],
    });
  });
});

describe("demo repository ids", () => {
  it("are stable per name, whatever its case, and differ between names and between owners and repositories", () => {
    expect(demoNumericId("repository", "alice-demo/widgets")).toMatch(/^\d{9}$/);
    expect(demoNumericId("repository", "Alice-Demo/Widgets")).toBe(demoNumericId("repository", "alice-demo/widgets"));
    expect(demoNumericId("repository", "alice-demo/gadgets")).not.toBe(
      demoNumericId("repository", "alice-demo/widgets"),
    );
    expect(demoNumericId("owner", "alice-demo")).not.toBe(demoNumericId("repository", "alice-demo"));
  });
});

describe("a minted demo token", () => {
  it("carries GitHub Actions' claims for the typed repository and workflow, for 5 minutes", async () => {
    const now = new Date("2030-01-01T00:00:00Z");
    const minted = await mint({ now });
    const header = decodeProtectedHeader(minted.token);
    expect(header).toEqual({ alg: "EdDSA", kid: demoIssuerKey(SECRET).kid, typ: "JWT" });
    const claims = decodeJwt(minted.token);
    const iat = now.getTime() / 1000;
    expect(claims).toMatchObject({
      iss: `${ORIGIN}/demo/oidc`,
      aud: ORIGIN,
      sub: "repo:Alice-Demo/Widgets:ref:refs/heads/main",
      repository: "Alice-Demo/Widgets",
      repository_owner: "Alice-Demo",
      repository_id: demoNumericId("repository", "alice-demo/widgets"),
      repository_owner_id: demoNumericId("owner", "alice-demo"),
      job_workflow_ref: "Alice-Demo/Widgets/.github/workflows/release.yml@refs/heads/main",
      ref: "refs/heads/main",
      run_attempt: "1",
      event_name: "push",
      gallery_user: "alice",
      iat,
      nbf: iat,
      exp: iat + DEMO_TOKEN_SECONDS,
    });
    expect(claims).not.toHaveProperty("environment");
    expect(claims.jti).toMatch(/^[0-9a-f-]{36}$/);
    expect(claims.run_id).toMatch(/^\d+$/);
    expect(minted).toMatchObject({ issuer: `${ORIGIN}/demo/oidc`, expiresAt: new Date(now.getTime() + 300_000) });
    expect(decodeJwt((await mint({ now })).token).jti).not.toBe(claims.jti);

    const inEnvironment = await mintDemoToken(
      { ...fields, environment: "nuget" },
      { origin: ORIGIN, audience: "https://nuget.example.com", secret: SECRET, username: "alice" },
    );
    expect(decodeJwt(inEnvironment.token)).toMatchObject({
      sub: "repo:Alice-Demo/Widgets:environment:nuget",
      environment: "nuget",
      aud: "https://nuget.example.com",
    });
  });

  it("is verified in demo mode against the derived key, with no HTTP call", async () => {
    const minted = await mint();
    const verified = await trustedIssuers(settings(), ORIGIN)(minted.token, new Date());
    expect(verified).toMatchObject({
      ok: true,
      data: {
        repository: "Alice-Demo/Widgets",
        repository_owner: "Alice-Demo",
        environment: null,
        galleryUser: "alice",
      },
    });
  });

  it("is refused outside demo mode, by another gallery's demo issuer, at another origin, or once expired", async () => {
    const minted = await mint();
    const now = new Date();
    expect(await trustedIssuers(settings({ DEMO_MODE: "0" }), ORIGIN)(minted.token, now)).toEqual({
      ok: false,
      error: "The token was not issued by the trusted issuer.",
    });
    expect(await trustedIssuers(settings({ AUTH_SECRET: "another-secret" }), ORIGIN)(minted.token, now)).toEqual({
      ok: false,
      error: "The token was not signed by a key of the trusted issuer.",
    });
    expect(await trustedIssuers(settings(), "http://elsewhere.test")(minted.token, now)).toEqual({
      ok: false,
      error: "The token was not issued by the trusted issuer.",
    });
    expect(
      await trustedIssuers(settings({ OIDC_AUDIENCE: "https://nuget.example.com" }), ORIGIN)(minted.token, now),
    ).toEqual({ ok: false, error: "The token's audience is not this gallery." });
    const later = new Date(now.getTime() + (DEMO_TOKEN_SECONDS + 120) * 1000);
    expect(await trustedIssuers(settings(), ORIGIN)(minted.token, later)).toEqual({
      ok: false,
      error: "The token has expired.",
    });
  });
});
