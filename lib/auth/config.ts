import NextAuth, { CredentialsSignin, type NextAuthConfig } from "next-auth";
import { headers } from "next/headers";
import Credentials from "next-auth/providers/credentials";
import GitHub from "next-auth/providers/github";
import {
  accountForGitHub,
  findGitHubUser,
  GITHUB_SKIPS_SECOND_FACTOR,
  verifiedGitHubEmails,
} from "@/lib/accounts/github";
import { REGISTRATION_CLOSED } from "@/lib/accounts/register";
import { config } from "@/lib/config";
import { completeSignIn } from "@/lib/accounts/sign-in-challenge";
import { db } from "@/lib/db/client";
import { findUserForSignIn } from "@/lib/db/users";
import { env } from "@/lib/env";
import { clientIp } from "@/lib/security/client-ip";
import { loginSchema, signInCodeSchema } from "./schemas";
import { verifyPassword } from "./password";
import { finishSession, sessionIsLive, startSession, type SessionMeta } from "./sessions";
import { signInSucceeded } from "./sign-in-limit";

class WrongCredentials extends CredentialsSignin {
  code = "wrong_credentials";
}

/** A wrong, used or late code in the second step. */
class WrongCode extends CredentialsSignin {
  code = "wrong_code";
}

/** The password alone does not sign in to an account with two-factor: the login form asks for a code next. */
class CodeRequired extends CredentialsSignin {
  code = "code_required";
}

const { AUTH_SECRET, AUTH_GITHUB_ID, AUTH_GITHUB_SECRET } = env();
const githubEnabled = Boolean(AUTH_GITHUB_ID && AUTH_GITHUB_SECRET);

export const authConfig = {
  secret: AUTH_SECRET,
  trustHost: true,
  session: { strategy: "jwt", maxAge: 8 * 60 * 60 },
  pages: { signIn: "/login", error: "/login" },
  logger: {
    // A wrong password is an expected outcome, not a server error worth a log line. (Its name is its class's,
    // WrongCredentials, and minified in a build, so it is told apart by class.)
    error(error) {
      if (!(error instanceof CredentialsSignin)) console.error(`[auth] ${error.name}: ${error.message}`);
    },
  },
  providers: [
    Credentials({
      credentials: {
        email: { type: "email" },
        password: { type: "password" },
        challenge: { type: "hidden" },
        code: { type: "text" },
      },
      // The attempt took its points where it came in (lib/auth/sign-in-limit.ts); a good password or code gives
      // them back. With a challenge it is the code step, whatever else was sent; it never checks a password.
      async authorize(raw, request) {
        if (raw && "challenge" in raw) {
          const step = signInCodeSchema.safeParse(raw);
          const done = step.success ? await completeSignIn(db, step.data) : null;
          if (!done?.ok) throw new WrongCode();
          await signInSucceeded(done.data.email, clientIp(request.headers));
          return { ...done.data, twoFactor: true };
        }
        const parsed = loginSchema.safeParse(raw);
        if (!parsed.success) throw new WrongCredentials();
        const { email, password } = parsed.data;
        const user = await findUserForSignIn(db, email);
        if (!(await verifyPassword(password, user?.passwordHash ?? null)) || !user) throw new WrongCredentials();
        if (user.totpEnabledAt) throw new CodeRequired();
        await signInSucceeded(email, clientIp(request.headers));
        return { id: user.id, email: user.email, name: user.name };
      },
    }),
    ...(githubEnabled ? [GitHub({ clientId: AUTH_GITHUB_ID, clientSecret: AUTH_GITHUB_SECRET })] : []),
  ],
  events: {
    async signOut(message) {
      if ("token" in message) await finishSession(db, message.token?.sid);
    },
  },
  callbacks: {
    async signIn({ account, profile }) {
      if (account?.provider !== "github") return true;
      // GitHub vouches for the address: it signs in to that account, or creates one while sign-up is open.
      const emails = await verifiedGitHubEmails(account.access_token);
      const result = await accountForGitHub(
        db,
        { login: String(profile?.login ?? ""), emails },
        {
          open: config.registrationOpen,
        },
      );
      if (result.ok) return true;
      const code =
        result.error === REGISTRATION_CLOSED
          ? "github-closed"
          : result.error === GITHUB_SKIPS_SECOND_FACTOR
            ? "github-2fa"
            : "github-unverified";
      return `/login?error=${code}`;
    },
    async jwt({ token, user, account }) {
      if (account?.provider === "github") {
        const found = await findGitHubUser(db, await verifiedGitHubEmails(account.access_token));
        if (!found || found.twoFactor) return null;
        token.sub = found.id;
      } else if (user?.id) {
        token.sub = user.id;
      }
      // A sign-in starts a server-side session; every later read checks it, so a signed-out cookie is dead.
      if (user && token.sub) token.sid = await startSession(db, token.sub, new Date(), await signInMeta(user));
      else if (!(await sessionIsLive(db, token.sid, token.sub))) return null;
      return token;
    },
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub;
      if (typeof token.sid === "string") session.sessionId = token.sid;
      return session;
    },
  },
} satisfies NextAuthConfig;

/** The browser and address a sign-in came from, for the sessions list; authorize() says if a code was given. */
async function signInMeta(user: object): Promise<SessionMeta> {
  const request = await headers();
  return {
    userAgent: request.get("user-agent"),
    ip: clientIp(request),
    twoFactor: "twoFactor" in user && user.twoFactor === true,
  };
}

export const { handlers, auth, signIn, signOut } = NextAuth(authConfig);
export { githubEnabled };

declare module "next-auth" {
  interface Session {
    /** The server-side session this cookie belongs to (lib/auth/sessions.ts). */
    sessionId?: string;
  }
}
