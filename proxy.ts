import { NextResponse, type NextRequest } from "next/server";
import { env } from "@/lib/env";

const PROTECTED = ["/account", "/organizations", "/invitations", "/demo/outbox"];
// The demo token issuer's page; its discovery document and keys below it stay public, as an issuer's are.
const PROTECTED_PAGES = ["/demo/oidc"];
const SESSION_COOKIES = ["authjs.session-token", "__Secure-authjs.session-token"];

function contentSecurityPolicy(nonce: string): string {
  const dev = env().NODE_ENV !== "production";
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/**
 * Every page gets a fresh script nonce, and visitors without a session go to /login and back. The session
 * itself is verified by requireUser() and authedAction(); the proxy never touches the session cookie, so a
 * request still in flight cannot bring back a session that was just signed out.
 */
export default function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const signedIn = SESSION_COOKIES.some((name) => request.cookies.has(name));
  // Server actions answer for themselves ("sign in again") through the gate in lib/auth/session.ts.
  const action = request.method === "POST" && request.headers.has("next-action");
  const gated =
    PROTECTED.some((p) => pathname === p || pathname.startsWith(`${p}/`)) || PROTECTED_PAGES.includes(pathname);
  if (!signedIn && !action && gated) {
    const login = new URL("/login", request.nextUrl.origin);
    login.searchParams.set("callbackUrl", pathname + search);
    return NextResponse.redirect(login);
  }
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const csp = contentSecurityPolicy(nonce);
  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  headers.set("x-pathname", pathname + search);
  headers.set("Content-Security-Policy", csp);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("Content-Security-Policy", csp);
  return response;
}

// Pages only: the NuGet API and static files get their headers from next.config.mjs, off this hot path.
export const config = { matcher: ["/((?!api/|v3/|_next/static|_next/image|favicon.ico).*)"] };
