import { randomBytes } from "node:crypto";
import { hashPassword } from "@/lib/auth/password";
import { recordAudit } from "@/lib/db/audit";
import type { Db } from "@/lib/db/client";
import { findAccountByUsername, insertUserAccount } from "@/lib/db/registrations";
import { findUserForSignIn } from "@/lib/db/users";
import { fail, ok, type Result } from "@/lib/result";
import { REGISTRATION_CLOSED } from "./register";

type GitHubEmail = { email?: unknown; verified?: unknown; primary?: unknown };

/** The addresses GitHub has verified for the signed-in person, primary first; none when GitHub cannot say. */
export async function verifiedGitHubEmails(accessToken: string | undefined, fetchImpl = fetch): Promise<string[]> {
  if (!accessToken) return [];
  const response = await fetchImpl("https://api.github.com/user/emails", {
    headers: { Authorization: `Bearer ${accessToken}`, Accept: "application/vnd.github+json", "User-Agent": "gallery" },
  });
  if (!response.ok) return [];
  const emails = (await response.json()) as GitHubEmail[];
  if (!Array.isArray(emails)) return [];
  return emails
    .filter((e) => e.verified === true && typeof e.email === "string")
    .sort((a, b) => Number(b.primary === true) - Number(a.primary === true))
    .map((e) => (e.email as string).toLowerCase());
}

/** The gallery account one of these verified addresses belongs to, and whether it signs in with two factors. */
export async function findGitHubUser(db: Db, emails: string[]): Promise<{ id: string; twoFactor: boolean } | null> {
  for (const email of emails) {
    const user = await findUserForSignIn(db, email);
    if (user) return { id: user.id, twoFactor: user.totpEnabledAt !== null };
  }
  return null;
}

export const GITHUB_SKIPS_SECOND_FACTOR =
  "Your account has two-factor sign-in on: sign in with your password and authentication code.";

/**
 * Signs a GitHub user in to the account with one of their verified addresses or, when sign-up is open, creates
 * one with the primary verified address (confirmed, since GitHub confirmed it) and their login as username.
 */
export async function accountForGitHub(
  db: Db,
  github: { login: string; emails: string[] },
  gate: { open: boolean },
  now = new Date(),
): Promise<Result<{ userId: string; created: boolean }>> {
  const existing = await findGitHubUser(db, github.emails);
  // GitHub's sign-in is one factor: an account that asked for two does not take it instead.
  if (existing?.twoFactor) return fail(GITHUB_SKIPS_SECOND_FACTOR);
  if (existing) return ok({ userId: existing.id, created: false });
  const email = github.emails[0];
  if (!email) return fail("GitHub has no verified e-mail address for you. Verify one there, then try again.");
  if (!gate.open) return fail(REGISTRATION_CLOSED);
  // Nobody knows this password: the person signs in with GitHub, or sets one through "Forgot your password?".
  const passwordHash = await hashPassword(randomBytes(32).toString("base64url"));
  return db.$transaction(async (tx) => {
    const username = await freeUsername(github.login, (name) => findAccountByUsername(tx, name));
    const userId = await insertUserAccount(tx, {
      username,
      email,
      passwordHash,
      emailConfirmedAt: now,
      createdAt: now,
    });
    await recordAudit(tx, {
      action: "account.register",
      actorId: userId,
      accountId: userId,
      detail: { username, email, via: "github" },
    });
    return ok({ userId, created: true });
  });
}

/** The GitHub login when it is free (and valid here), else the login with the first free number after it. */
async function freeUsername(login: string, taken: (name: string) => Promise<unknown>): Promise<string> {
  const base = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,56}$/.test(login) ? login : "github-user";
  if (!(await taken(base))) return base;
  for (let n = 2; ; n++) if (!(await taken(`${base}-${n}`))) return `${base}-${n}`;
}
