import { db } from "@/lib/db/client";
import { guardDatabase } from "@/lib/db/availability";
import { env } from "@/lib/env";
import { requestOrigin } from "@/lib/security/origin";
import { exchangeToken } from "@/lib/trusted-publishing/exchange-token";
import { oidcVerifier } from "@/lib/trusted-publishing/oidc";

export const dynamic = "force-dynamic";

const refuse = (status: number, error: string, headers: Record<string, string> = {}) =>
  Response.json({ error }, { status, headers });

/** Trusted Publishing as NuGet/login calls it: a GitHub Actions OIDC token in, a short-lived API key out. */
export async function POST(request: Request) {
  const token = request.headers.get("authorization")?.match(/^Bearer\s+(\S+)$/i)?.[1];
  if (!token)
    return refuse(401, "An OIDC token is required: send it as Authorization: Bearer <token>.", {
      "WWW-Authenticate": 'Bearer realm="Trusted Publishing"',
    });
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return refuse(400, 'The body must be JSON: {"username": "...", "tokenType": "ApiKey"}.');
  }
  const { username, tokenType } = (body ?? {}) as { username?: unknown; tokenType?: unknown };
  if (typeof username !== "string" || !username.trim())
    return refuse(400, "The username of the policy's owner is required.");
  if (tokenType !== "ApiKey") return refuse(400, 'The tokenType must be "ApiKey".');
  const settings = env();
  const verify = oidcVerifier({
    issuer: settings.OIDC_GITHUB_ISSUER,
    audience: settings.OIDC_AUDIENCE ?? requestOrigin(request, settings),
  });
  return guardDatabase(async () => {
    const exchanged = await exchangeToken(
      db,
      verify,
      { token, username: username.trim() },
      { keyMinutes: settings.TRUSTED_PUBLISHING_KEY_MINUTES },
    );
    if (!exchanged.ok) return refuse(401, exchanged.error);
    return Response.json(
      { tokenType: "ApiKey", expires: exchanged.data.expires.toISOString(), apiKey: exchanged.data.apiKey },
      { headers: { "Cache-Control": "no-store" } },
    );
  });
}
