import "server-only";
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  hkdfSync,
  randomInt,
  randomUUID,
  type KeyObject,
} from "node:crypto";
import { SignJWT, type JSONWebKeySet, type JWK } from "jose";
import { DEMO_ISSUER_PATH } from "./demo-commands";
import type { DemoTokenValues } from "./schemas";
import type { DemoToken } from "./views";

/*
 * Demo mode's stand-in for GitHub Actions' OIDC issuer, at <origin>/demo/oidc. Its Ed25519 key is derived from
 * AUTH_SECRET, so every instance and every restart publishes and signs with the same key without storing it.
 */

export const DEMO_ALGORITHM = "EdDSA";
export const DEMO_TOKEN_SECONDS = 5 * 60;
const INFO = "package-gallery demo OIDC issuer v1";
// PKCS#8 for an Ed25519 private key (RFC 8410): the fixed prefix, then the 32-byte seed.
const ED25519_PKCS8_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");

export type DemoIssuerKey = { privateKey: KeyObject; kid: string; jwk: JWK };

const keys = new Map<string, DemoIssuerKey>();

/** The issuer identifier tokens carry and the token endpoint expects, for a gallery origin. */
export function demoIssuerOf(origin: string): string {
  return `${origin}${DEMO_ISSUER_PATH}`;
}

/** The issuer's signing key: HKDF of the secret as an Ed25519 seed; its `kid` is the RFC 7638 thumbprint. */
export function demoIssuerKey(secret: string | undefined): DemoIssuerKey {
  if (!secret) throw new Error("AUTH_SECRET is not set, so the demo token issuer has no key.");
  let key = keys.get(secret);
  if (!key) {
    const seed = Buffer.from(hkdfSync("sha256", secret, "package-gallery", INFO, 32));
    const privateKey = createPrivateKey({
      key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]),
      format: "der",
      type: "pkcs8",
    });
    const { crv, kty, x } = createPublicKey(privateKey).export({ format: "jwk" });
    const kid = createHash("sha256").update(JSON.stringify({ crv, kty, x })).digest("base64url");
    key = { privateKey, kid, jwk: { kty, crv, x, kid, alg: DEMO_ALGORITHM, use: "sig" } };
    keys.set(secret, key);
  }
  return key;
}

/** The issuer's published key set: its one public key. */
export function demoJwks(secret: string | undefined): JSONWebKeySet {
  return { keys: [demoIssuerKey(secret).jwk] };
}

/** The issuer's OpenID discovery document, as GitHub's answers at /.well-known/openid-configuration. */
export function demoDiscovery(origin: string) {
  const issuer = demoIssuerOf(origin);
  return {
    issuer,
    jwks_uri: `${issuer}/jwks`,
    subject_types_supported: ["public"],
    response_types_supported: ["id_token"],
    claims_supported: [
      "iss",
      "aud",
      "sub",
      "exp",
      "iat",
      "nbf",
      "jti",
      "repository",
      "repository_id",
      "repository_owner",
      "repository_owner_id",
      "job_workflow_ref",
      "workflow",
      "ref",
      "run_id",
      "run_attempt",
      "event_name",
      "environment",
    ],
    id_token_signing_alg_values_supported: [DEMO_ALGORITHM],
    scopes_supported: ["openid"],
  };
}

/** A stable numeric id for a name, as GitHub gives each repository and owner: the same name, the same id. */
export function demoNumericId(kind: "repository" | "owner", name: string): string {
  const digest = createHash("sha256").update(`${kind}:${name.toLowerCase()}`).digest();
  return String(100_000_000 + (digest.readUInt32BE(0) % 900_000_000));
}

/** The claim naming the gallery user a demo token was minted for: only their policies accept it. */
export const DEMO_USER_CLAIM = "gallery_user";

export type DemoMintSettings = {
  origin: string;
  audience: string;
  secret: string | undefined;
  /** The signed-in user who asked for the token. */
  username: string;
  now?: Date;
};

/** A GitHub Actions-shaped OIDC token for the repository and workflow, valid 5 minutes. */
export async function mintDemoToken(input: DemoTokenValues, settings: DemoMintSettings): Promise<DemoToken> {
  const { privateKey, kid } = demoIssuerKey(settings.secret);
  const [owner, name] = input.repository.split("/") as [string, string];
  const repository = `${owner}/${name}`;
  const environment = input.environment || null;
  const issuer = demoIssuerOf(settings.origin);
  const iat = Math.floor((settings.now ?? new Date()).getTime() / 1000);
  const exp = iat + DEMO_TOKEN_SECONDS;
  const claims = {
    iss: issuer,
    aud: settings.audience,
    sub: `repo:${repository}:${environment ? `environment:${environment}` : "ref:refs/heads/main"}`,
    repository,
    repository_owner: owner,
    repository_id: demoNumericId("repository", repository),
    repository_owner_id: demoNumericId("owner", owner),
    job_workflow_ref: `${repository}/.github/workflows/${input.workflowFile}@refs/heads/main`,
    workflow: `.github/workflows/${input.workflowFile}`,
    ref: "refs/heads/main",
    ref_type: "branch",
    run_id: String(randomInt(1_000_000_000, 2 ** 47)),
    run_attempt: "1",
    event_name: "push",
    ...(environment ? { environment } : {}),
    [DEMO_USER_CLAIM]: settings.username,
    jti: randomUUID(),
    iat,
    nbf: iat,
    exp,
  };
  const token = await new SignJWT(claims).setProtectedHeader({ alg: DEMO_ALGORITHM, kid, typ: "JWT" }).sign(privateKey);
  return {
    token,
    issuer,
    audience: settings.audience,
    repository,
    workflowFile: input.workflowFile,
    environment,
    expiresAt: new Date(exp * 1000),
  };
}
