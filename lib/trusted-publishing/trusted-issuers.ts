import "server-only";
import type { Env } from "@/lib/env";
import { DEMO_USER_CLAIM, demoIssuerOf, demoJwks } from "./demo-issuer";
import { localOidcVerifier, oidcVerifier, verifierByIssuer, type TokenVerifier } from "./oidc";

export type IssuerSettings = Pick<Env, "OIDC_GITHUB_ISSUER" | "OIDC_AUDIENCE" | "DEMO_MODE" | "AUTH_SECRET">;

/** The audience tokens must name: OIDC_AUDIENCE, or the gallery's origin. */
export function galleryAudience(settings: Pick<Env, "OIDC_AUDIENCE">, origin: string): string {
  return settings.OIDC_AUDIENCE ?? origin;
}

/**
 * The issuers POST /api/v2/token trusts: GitHub Actions, and in demo mode also the gallery's own demo issuer,
 * checked against the key derived from AUTH_SECRET.
 */
export function trustedIssuers(settings: IssuerSettings, origin: string): TokenVerifier {
  const audience = galleryAudience(settings, origin);
  const github = oidcVerifier({ issuer: settings.OIDC_GITHUB_ISSUER, audience });
  if (!settings.DEMO_MODE) return github;
  const issuer = demoIssuerOf(origin);
  const demo = localOidcVerifier({
    issuer,
    audience,
    jwks: demoJwks(settings.AUTH_SECRET),
    boundTo: DEMO_USER_CLAIM,
  });
  return verifierByIssuer({ [issuer]: demo }, github);
}
