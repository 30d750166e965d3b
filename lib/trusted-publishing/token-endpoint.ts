import type { Db } from "@/lib/db/client";
import { exchangeToken } from "./exchange-token";
import type { TokenVerifier } from "./oidc";

export type TokenEndpointDeps = { db: Db; verify: TokenVerifier; keyMinutes: number; now?: Date };

const refuse = (status: number, error: string, headers: Record<string, string> = {}) =>
  Response.json({ error }, { status, headers: { "Cache-Control": "no-store", ...headers } });

/**
 * POST /api/v2/token as NuGet/login calls it: `Authorization: Bearer <OIDC token>` and
 * `{"username": "...", "tokenType": "ApiKey"}` in; `{"tokenType", "expires", "apiKey"}` or `{"error"}` out.
 */
export async function answerTokenRequest(request: Request, deps: TokenEndpointDeps): Promise<Response> {
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
    return refuse(400, "The username of the policy's owner is required in the body.");
  if (tokenType !== "ApiKey") return refuse(400, 'The tokenType must be "ApiKey".');
  const exchanged = await exchangeToken(
    deps.db,
    deps.verify,
    { token, username: username.trim() },
    { keyMinutes: deps.keyMinutes, now: deps.now },
  );
  if (!exchanged.ok) return refuse(401, exchanged.error);
  return Response.json(
    { tokenType: "ApiKey", expires: exchanged.data.expires.toISOString(), apiKey: exchanged.data.apiKey },
    { headers: { "Cache-Control": "no-store" } },
  );
}
