import NextAuth, { CredentialsSignin, type NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import GitHub from "next-auth/providers/github";
import { db } from "@/lib/db/client";
import { findUserForSignIn } from "@/lib/db/users";
import { clientIp } from "@/lib/security/client-ip";
import { rateLimits } from "@/lib/security/rate-limit";
import { loginSchema } from "./schemas";
import { verifyPassword } from "./password";

class WrongCredentials extends CredentialsSignin {
  code = "wrong_credentials";
}

export class TooManySignIns extends CredentialsSignin {
  code = "rate_limited";
}

const githubEnabled = Boolean(process.env.AUTH_GITHUB_ID && process.env.AUTH_GITHUB_SECRET);

export const authConfig = {
  trustHost: true,
  session: { strategy: "jwt", maxAge: 8 * 60 * 60 },
  pages: { signIn: "/login", error: "/login" },
  logger: {
    // A wrong password is an expected outcome, not a server error worth a stack trace.
    error(error) {
      if (error.name !== "CredentialsSignin" && error.name !== "TooManySignIns")
        console.error(`[auth] ${error.name}: ${error.message}`);
    },
  },
  providers: [
    Credentials({
      credentials: { email: { type: "email" }, password: { type: "password" } },
      async authorize(raw, request) {
        const parsed = loginSchema.safeParse(raw);
        if (!parsed.success) throw new WrongCredentials();
        const { email, password } = parsed.data;
        const ip = clientIp(request.headers) ?? "unknown";
        const limits = rateLimits();
        const [byAccount, byIp] = await Promise.all([limits.signInAccount.check(email), limits.signInIp.check(ip)]);
        if (!byAccount.ok || !byIp.ok) throw new TooManySignIns();
        const user = await findUserForSignIn(db, email);
        if (!(await verifyPassword(password, user?.passwordHash ?? null)) || !user) {
          await Promise.all([limits.signInAccount.fail(email), limits.signInIp.fail(ip)]);
          throw new WrongCredentials();
        }
        await limits.signInAccount.reset(email);
        return { id: user.id, email: user.email, name: user.name };
      },
    }),
    ...(githubEnabled ? [GitHub] : []),
  ],
  callbacks: {
    async signIn({ account, profile }) {
      if (account?.provider !== "github") return true;
      // GitHub signs in to the gallery account with the same e-mail; it never creates one.
      const email = typeof profile?.email === "string" ? profile.email : "";
      return Boolean(email && (await findUserForSignIn(db, email)));
    },
    async jwt({ token, user, account, profile }) {
      if (account?.provider === "github" && typeof profile?.email === "string") {
        const found = await findUserForSignIn(db, profile.email);
        if (found) token.sub = found.id;
      } else if (user?.id) {
        token.sub = user.id;
      }
      return token;
    },
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub;
      return session;
    },
  },
} satisfies NextAuthConfig;

export const { handlers, auth, signIn, signOut } = NextAuth(authConfig);
export { githubEnabled };
