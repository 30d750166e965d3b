import { NextResponse } from "next/server";
import NextAuth from "next-auth";
import { baseAuthConfig } from "@/lib/auth/base-config";

const { auth } = NextAuth(baseAuthConfig);

// Sends anonymous visitors of the signed-in area to /login and back afterwards.
export default auth((req) => {
  if (req.auth?.user) return NextResponse.next();
  const login = new URL("/login", req.nextUrl.origin);
  login.searchParams.set("callbackUrl", req.nextUrl.pathname + req.nextUrl.search);
  return NextResponse.redirect(login);
});

export const config = { matcher: ["/account/:path*", "/packages/:path*", "/organizations/:path*", "/demo/:path*"] };
