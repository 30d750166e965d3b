import { NextRequest } from "next/server";
import { findChallengeAccount } from "@/lib/accounts/sign-in-challenge";
import { handlers } from "@/lib/auth/config";
import { beginSignIn, tooManySignInsMessage } from "@/lib/auth/sign-in-limit";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { clientIp } from "@/lib/security/client-ip";

/** With GALLERY_URL set, next-auth sees the gallery's own address, so no link it builds follows a request header. */
function atGalleryUrl(request: NextRequest): NextRequest {
  const base = env().GALLERY_URL;
  if (!base) return request;
  const target = new URL(request.nextUrl.pathname + request.nextUrl.search, base);
  const headers = new Headers(request.headers);
  headers.set("host", target.host);
  headers.set("x-forwarded-host", target.host);
  headers.set("x-forwarded-proto", target.protocol.slice(0, -1));
  const init = { method: request.method, headers, body: request.body, duplex: "half" };
  return new NextRequest(target, init as ConstructorParameters<typeof NextRequest>[1]);
}

export function GET(request: NextRequest) {
  return handlers.GET(atGalleryUrl(request));
}

/** The posted fields as next-auth reads them (JSON or a url-encoded form), so both count the same attempt. */
async function postedFields(request: NextRequest): Promise<Record<string, unknown>> {
  const type = request.headers.get("content-type") ?? "";
  try {
    if (type.includes("application/json")) return Object(await request.clone().json());
    if (type.includes("application/x-www-form-urlencoded")) {
      return Object.fromEntries(new URLSearchParams(await request.clone().text()));
    }
  } catch {}
  return {};
}

/**
 * Credential sign-ins (a password, or a two-factor code) posted straight to next-auth answer 429 once the
 * failure limit is reached. This is where this path's attempts take their points; authorize() gives them back
 * on success.
 */
export async function POST(request: NextRequest) {
  // Read as next-auth reads it (empty segments dropped), so "/callback/credentials/" is checked too.
  const [action, provider] = request.nextUrl.pathname.split("/").filter(Boolean).slice(-2);
  if (action === "callback" && provider === "credentials") {
    const fields = await postedFields(request);
    // A code step counts against the account its challenge belongs to, as authorize() decides it.
    const email =
      "challenge" in fields
        ? ((await findChallengeAccount(db, String(fields.challenge)))?.email ?? "")
        : String(fields.email ?? "");
    const limit = await beginSignIn(email, clientIp(request.headers));
    if (!limit.ok) {
      return new Response(tooManySignInsMessage(limit.retryAfterSeconds), {
        status: 429,
        headers: { "Retry-After": String(limit.retryAfterSeconds), "content-type": "text/plain; charset=utf-8" },
      });
    }
  }
  return handlers.POST(atGalleryUrl(request));
}
