import * as z from "zod/mini";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { newPasswordSchema, personalPasswordProblem } from "@/lib/auth/schemas";
import { recordAudit } from "@/lib/db/audit";
import type { Db } from "@/lib/db/client";
import { setPasswordHash } from "@/lib/db/password-resets";
import { endOtherSessions } from "@/lib/db/sessions";
import { findUserCredentials } from "@/lib/db/users";
import { queueMail } from "@/lib/mail/outbox";
import { passwordChangedMail } from "@/lib/mail/templates";
import { fail, ok, type Result } from "@/lib/result";
import { SIGNED_OUT } from "./sessions";

export const WRONG_PASSWORD = "That is not your current password.";

/**
 * Sets a new password given the current one. Every other session of the account ends; the one it was
 * changed from stays signed in. The account's address hears of it.
 */
export async function changePassword(
  db: Db,
  userId: string,
  input: { currentPassword: string; password: string; confirm: string },
  currentSessionId: string | null,
  now = new Date(),
): Promise<Result<{ signedOut: number }>> {
  const user = await findUserCredentials(db, userId);
  if (!user) return fail(SIGNED_OUT);
  if (!(await verifyPassword(input.currentPassword, user.passwordHash))) {
    return fail(WRONG_PASSWORD, "currentPassword");
  }
  const strength = z.safeParse(newPasswordSchema, input.password);
  if (!strength.success) return fail(strength.error.issues[0]!.message, "password");
  const personal = personalPasswordProblem(input.password, user.email, user.account.username);
  if (personal) return fail(personal, "password");
  if (input.password === input.currentPassword)
    return fail("Pick a password different from your current one.", "password");
  if (input.password !== input.confirm) return fail("The two passwords differ.", "confirm");
  const passwordHash = await hashPassword(input.password);
  return db.$transaction(async (tx) => {
    await setPasswordHash(tx, userId, passwordHash);
    const signedOut = await endOtherSessions(tx, userId, currentSessionId, now);
    await queueMail(tx, user.email, passwordChangedMail(signedOut));
    await recordAudit(tx, {
      action: "account.password-change",
      actorId: userId,
      accountId: userId,
      detail: { sessionsEnded: signedOut },
    });
    return ok({ signedOut });
  });
}
