import { verifyPassword } from "@/lib/auth/password";
import { recordAudit } from "@/lib/db/audit";
import type { Db, Tx } from "@/lib/db/client";
import {
  findEmailToken,
  findUserEmail,
  insertEmailToken,
  markEmailConfirmed,
  retireEmailTokens,
  useEmailToken,
  type EmailTokenPurpose,
} from "@/lib/db/email-tokens";
import { findUserIdByEmail } from "@/lib/db/users";
import { galleryBaseUrl, queueMail } from "@/lib/mail/outbox";
import { confirmEmailMail, emailChangeNoticeMail, emailInUseMail } from "@/lib/mail/templates";
import { fail, ok, type Result } from "@/lib/result";
import { newToken, tokenHash } from "./tokens";

export const CONFIRM_LINK_HOURS = 24;
export const CONFIRM_LINK_DEAD = "This confirmation link has expired or was already used. Ask for a new one.";
export const CONFIRM_FIRST =
  "Confirm your e-mail address first: open the link we mailed you, or ask for a new one on this page.";

/** Mails a fresh single-use link to the address; older links of the same kind stop working. */
export async function mailConfirmationLink(
  tx: Tx,
  userId: string,
  email: string,
  purpose: EmailTokenPurpose,
  now: Date,
): Promise<void> {
  const { token, hash } = newToken();
  await retireEmailTokens(tx, userId, purpose, now);
  await insertEmailToken(tx, {
    userId,
    purpose,
    email,
    tokenHash: hash,
    createdAt: now,
    expiresAt: new Date(now.getTime() + CONFIRM_LINK_HOURS * 3_600_000),
  });
  const link = `${galleryBaseUrl()}/confirm-email?token=${token}`;
  await queueMail(tx, email, confirmEmailMail(link, CONFIRM_LINK_HOURS, purpose === "email-change"));
}

/** "Send the link again" for an account whose address is not confirmed yet. */
export async function resendConfirmation(db: Db, userId: string, now = new Date()): Promise<Result> {
  const user = await findUserEmail(db, userId);
  if (!user) return fail("Your session has ended. Sign in again.");
  if (user.emailConfirmedAt) return fail("Your e-mail address is already confirmed.");
  await db.$transaction(async (tx) => {
    await mailConfirmationLink(tx, userId, user.email, "confirm", now);
    await recordAudit(tx, { action: "account.confirmation-sent", actorId: userId, accountId: userId });
  });
  return ok();
}

/**
 * Starts moving the account to a new address: it takes effect once confirmed from there, and the old address
 * hears of it now. An address that belongs to another account gets a notice instead, and the answer is the same.
 */
export async function requestEmailChange(
  db: Db,
  userId: string,
  input: { email: string; password: string },
  now = new Date(),
): Promise<Result> {
  const user = await findUserEmail(db, userId);
  if (!user) return fail("Your session has ended. Sign in again.");
  if (!(await verifyPassword(input.password, user.passwordHash)))
    return fail("That is not your current password.", "password");
  const email = input.email.toLowerCase();
  if (email === user.email) return fail("That is already your e-mail address.", "email");
  const owner = await findUserIdByEmail(db, email);
  await db.$transaction(async (tx) => {
    if (owner) await queueMail(tx, email, emailInUseMail());
    else await mailConfirmationLink(tx, userId, email, "email-change", now);
    await queueMail(tx, user.email, emailChangeNoticeMail(email, false));
    await recordAudit(tx, {
      action: "account.email-change-requested",
      actorId: userId,
      accountId: userId,
      detail: { email },
    });
  });
  return ok();
}

/** Confirms an address from its mailed link, once: the account's own, or the new one it moves to. */
export async function confirmEmail(
  db: Db,
  token: string,
  now = new Date(),
): Promise<Result<{ email: string; purpose: EmailTokenPurpose }>> {
  const found = await findEmailToken(db, tokenHash(token));
  if (!found || found.usedAt || found.expiresAt <= now) return fail(CONFIRM_LINK_DEAD);
  const purpose = found.purpose as EmailTokenPurpose;
  // A link for an address the account no longer has confirms nothing.
  if (purpose === "confirm" && found.email !== found.user.email) return fail(CONFIRM_LINK_DEAD);
  return db.$transaction(async (tx) => {
    if (!(await useEmailToken(tx, found.id, now))) return fail(CONFIRM_LINK_DEAD);
    if (purpose === "email-change") {
      const owner = await findUserIdByEmail(tx, found.email);
      if (owner && owner !== found.userId) return fail("That address now belongs to another account.");
      await queueMail(tx, found.user.email, emailChangeNoticeMail(found.email, true));
    }
    await markEmailConfirmed(tx, found.userId, found.email, now);
    await recordAudit(tx, {
      action: purpose === "email-change" ? "account.email-changed" : "account.email-confirmed",
      actorId: found.userId,
      accountId: found.userId,
      detail: { email: found.email },
    });
    return ok({ email: found.email, purpose });
  });
}
