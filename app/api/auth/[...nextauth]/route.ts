import type { NextRequest } from "next/server";
import { handlers } from "@/lib/auth/config";
import { signInAllowed, tooManySignInsMessage } from "@/lib/auth/sign-in-limit";
import { clientIp } from "@/lib/security/client-ip";

export const { GET } = handlers;

/** Credential sign-ins posted straight to next-auth answer 429 once the failure limit is reached. */
export async function POST(request: NextRequest) {
  if (request.nextUrl.pathname.endsWith("/callback/credentials")) {
    const form = await request
      .clone()
      .formData()
      .catch(() => null);
    const limit = await signInAllowed(String(form?.get("email") ?? ""), clientIp(request.headers));
    if (!limit.ok) {
      return new Response(tooManySignInsMessage(limit.retryAfterSeconds), {
        status: 429,
        headers: { "Retry-After": String(limit.retryAfterSeconds), "content-type": "text/plain; charset=utf-8" },
      });
    }
  }
  return handlers.POST(request);
}
