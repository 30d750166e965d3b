import "server-only";
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  customFetch,
  decodeJwt,
  errors,
  jwtVerify,
  type JSONWebKeySet,
  type JWTPayload,
  type JWTVerifyGetKey,
} from "jose";
import { fail, ok, type Result } from "@/lib/result";
import type { GithubClaims } from "./policy-rules";

/** Only asymmetric signatures: `none` and HMAC (a secret anyone holding the public key could guess) are refused. */
export const OIDC_ALGORITHMS = [
  "RS256",
  "RS384",
  "RS512",
  "PS256",
  "PS384",
  "PS512",
  "ES256",
  "ES384",
  "ES512",
  "EdDSA",
];
const CLOCK_TOLERANCE_SECONDS = 60;
const DISCOVERY_MAX_AGE_MS = 60 * 60 * 1000;

export type OidcSettings = { issuer: string; audience: string; fetch?: typeof fetch };
/** boundTo: a claim naming the only gallery user whose policies may accept the token. */
export type LocalOidcSettings = { issuer: string; audience: string; jwks: JSONWebKeySet; boundTo?: string };
export type TokenVerifier = (token: string, now: Date) => Promise<Result<GithubClaims>>;

type Jwks = ReturnType<typeof createRemoteJWKSet>;
type IssuerCache = { jwks: Jwks; at: number };
const issuers = ((globalThis as unknown as { galleryOidcIssuers?: Map<string, IssuerCache> }).galleryOidcIssuers ??=
  new Map());

/** The issuer's key set from its discovery document; jose caches the keys and refetches on an unknown `kid`. */
async function keySetOf(issuer: string, fetchImpl: typeof fetch): Promise<Jwks> {
  const cached = issuers.get(issuer);
  if (cached && Date.now() - cached.at < DISCOVERY_MAX_AGE_MS) return cached.jwks;
  const response = await fetchImpl(`${issuer}/.well-known/openid-configuration`, {
    signal: AbortSignal.timeout(5000),
  });
  if (!response.ok) throw new Error(`the issuer's discovery document answered ${response.status}`);
  const discovery = (await response.json()) as { jwks_uri?: unknown };
  if (typeof discovery.jwks_uri !== "string") throw new Error("the issuer's discovery document has no jwks_uri");
  const jwks = createRemoteJWKSet(new URL(discovery.jwks_uri), {
    [customFetch]: fetchImpl,
    timeoutDuration: 5000,
  });
  issuers.set(issuer, { jwks, at: Date.now() });
  return jwks;
}

function text(payload: JWTPayload, name: string): string | null {
  const value = payload[name];
  if (typeof value === "string" && value) return value;
  if (typeof value === "number") return String(value);
  return null;
}

function reasonOf(error: unknown): string {
  if (error instanceof errors.JWTExpired) return "The token has expired.";
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === "iss") return "The token was not issued by the trusted issuer.";
    if (error.claim === "aud") return "The token's audience is not this gallery.";
    if (error.claim === "nbf") return "The token is not valid yet.";
    if (error.claim === "iat") return "The token's issue time is in the future.";
    return `The token's ${error.claim} claim is invalid.`;
  }
  if (error instanceof errors.JOSEAlgNotAllowed)
    return "The token's signing algorithm is not accepted: only asymmetric signatures are.";
  if (error instanceof errors.JWSSignatureVerificationFailed) return "The token's signature is invalid.";
  if (error instanceof errors.JWKSNoMatchingKey) return "The token was not signed by a key of the trusted issuer.";
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) return "The token is malformed.";
  return "The token could not be verified.";
}

/** The `iss` a token claims, unverified: only to pick or rule out an issuer, never to trust. */
function claimedIssuer(token: string): string | null {
  try {
    const { iss } = decodeJwt(token);
    return typeof iss === "string" ? iss : null;
  } catch {
    return null;
  }
}

/** Verifies a GitHub Actions-shaped OIDC token: signature by the issuer's keys, issuer, audience and times. */
function verifierWith(
  issuer: string,
  audience: string,
  keySet: () => Promise<JWTVerifyGetKey>,
  boundTo?: string,
): TokenVerifier {
  return async (token, now) => {
    const claimed = claimedIssuer(token);
    if (claimed !== null && claimed !== issuer) return fail("The token was not issued by the trusted issuer.");
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, await keySet(), {
        issuer,
        audience,
        algorithms: OIDC_ALGORITHMS,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        currentDate: now,
        requiredClaims: ["exp", "jti"],
      }));
    } catch (error) {
      if (error instanceof errors.JOSEError) return fail(reasonOf(error));
      return fail(`The token could not be verified: ${(error as Error).message}.`);
    }
    const claims = {
      jti: text(payload, "jti"),
      repository: text(payload, "repository"),
      repository_owner: text(payload, "repository_owner"),
      repository_id: text(payload, "repository_id"),
      repository_owner_id: text(payload, "repository_owner_id"),
      job_workflow_ref: text(payload, "job_workflow_ref"),
    };
    const missing = Object.entries(claims).find(([, value]) => value === null);
    if (missing) return fail(`The token has no ${missing[0]} claim: it is not a GitHub Actions token.`);
    const galleryUser = boundTo ? text(payload, boundTo) : null;
    if (boundTo && !galleryUser) return fail(`The token has no ${boundTo} claim.`);
    return ok({
      ...(claims as Record<keyof typeof claims, string>),
      exp: payload.exp!,
      workflow: text(payload, "workflow"),
      run_id: text(payload, "run_id"),
      environment: text(payload, "environment"),
      ...(galleryUser ? { galleryUser } : {}),
    });
  };
}

/** An issuer reached over HTTP: its keys come from the JWKS its discovery document names. */
export function oidcVerifier({ issuer, audience, fetch: fetchImpl = fetch }: OidcSettings): TokenVerifier {
  return verifierWith(issuer, audience, () => keySetOf(issuer, fetchImpl));
}

/** An issuer whose public keys the gallery holds itself (demo mode's issuer): no HTTP call. */
export function localOidcVerifier({ issuer, audience, jwks, boundTo }: LocalOidcSettings): TokenVerifier {
  const keySet = createLocalJWKSet(jwks);
  return verifierWith(issuer, audience, async () => keySet, boundTo);
}

/** Hands each token to the verifier of the issuer it claims, the others to `fallback`; each still checks `iss`. */
export function verifierByIssuer(verifiers: Record<string, TokenVerifier>, fallback: TokenVerifier): TokenVerifier {
  return (token, now) => {
    const claimed = claimedIssuer(token);
    const chosen = claimed !== null && Object.hasOwn(verifiers, claimed) ? verifiers[claimed]! : fallback;
    return chosen(token, now);
  };
}
