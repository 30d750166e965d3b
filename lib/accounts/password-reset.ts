import { hashPassword } from "@/lib/auth/password";
import { recordAudit } from "@/lib/db/audit";
import type { Db } from "@/lib/db/client";
import { findPasswordReset, insertPasswordReset, setPasswordHash, usePasswordReset } from "@/lib/db/password-resets";
import { endAllSessions } from "@/lib/db/sessions";
import { findUserForSignIn } from "@/lib/db/users";
import { galleryBaseUrl, queueMail } from "@/lib/mail/outbox";
import { passwordResetMail } from "@/lib/mail/templates";
import { fail, ok, type Result } from "@/lib/result";
import { newToken, tokenHash } from "./tokens";

export const RESET_LINK_MINUTES = 60;
export const RESET_LINK_DEAD = "This link has expired or was already used. Ask for a new one.";

/**
 * Mails a single-use link to the account with this address, if there is one. The caller answers the same
 * either way, and both ways do a lookup by token hash, so neither the answer nor its timing tells them apart.
 */
export async function requestPasswordReset(db: Db, email: string, now = new Date()): Promise<void> {
  const { token, hash } = newToken();
  const user = await findUserForSignIn(db, email);
  if (!user) {
    await findPasswordReset(db, hash);
    return;
  }
  await db.$transaction(async (tx) => {
    await insertPasswordReset(tx, {
      userId: user.id,
      tokenHash: hash,
      createdAt: now,
      expiresAt: new Date(now.getTime() + RESET_LINK_MINUTES * 60_000),
    });
    const link = `${galleryBaseUrl()}/reset-password?token=${token}`;
    await queueMail(tx, user.email, passwordResetMail(link, RESET_LINK_MINUTES));
    await recordAudit(tx, { action: "account.reset-requested", actorId: user.id, accountId: user.id });
  });
}

/** Sets a new password from a link, once, and ends every session of the account. */
export async function resetPassword(
  db: Db,
  input: { token: string; password: string },
  now = new Date(),
): Promise<Result> {
  const reset = await findPasswordReset(db, tokenHash(input.token));
  if (!reset || reset.usedAt || reset.expiresAt <= now) return fail(RESET_LINK_DEAD);
  const passwordHash = await hashPassword(input.password);
  return db.$transaction(async (tx) => {
    if (!(await usePasswordReset(tx, reset.id, now))) return fail(RESET_LINK_DEAD);
    await setPasswordHash(tx, reset.userId, passwordHash);
    await endAllSessions(tx, reset.userId, now);
    await recordAudit(tx, { action: "account.password-reset", actorId: reset.userId, accountId: reset.userId });
    return ok();
  });
}
