import type { NextRequest } from "next/server";
import { handlers } from "@/lib/auth/config";
import { beginSignIn, tooManySignInsMessage } from "@/lib/auth/sign-in-limit";
import { clientIp } from "@/lib/security/client-ip";

export const { GET } = handlers;

/**
 * Credential sign-ins posted straight to next-auth answer 429 once the failure limit is reached. This is
 * where this path's attempts take their points; authorize() gives them back on success.
 */
export async function POST(request: NextRequest) {
  // Read as next-auth reads it (empty segments dropped), so "/callback/credentials/" is checked too.
  const [action, provider] = request.nextUrl.pathname.split("/").filter(Boolean).slice(-2);
  if (action === "callback" && provider === "credentials") {
    const form = await request
      .clone()
      .formData()
      .catch(() => null);
    const limit = await beginSignIn(String(form?.get("email") ?? ""), clientIp(request.headers));
    if (!limit.ok) {
      return new Response(tooManySignInsMessage(limit.retryAfterSeconds), {
        status: 429,
        headers: { "Retry-After": String(limit.retryAfterSeconds), "content-type": "text/plain; charset=utf-8" },
      });
    }
  }
  return handlers.POST(request);
}
