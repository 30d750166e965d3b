import { hashPassword } from "@/lib/auth/password";
import { recordAudit } from "@/lib/db/audit";
import type { Db } from "@/lib/db/client";
import { assignInvitation } from "@/lib/db/invitations";
import { isUniqueViolation } from "@/lib/db/packages";
import { findAccountByUsername, insertUserAccount } from "@/lib/db/registrations";
import { findUserIdByEmail } from "@/lib/db/users";
import { fail, ok, type Result } from "@/lib/result";
import { mailConfirmationLink } from "./email-confirmation";
import type { RegisterValues } from "./schemas";

export const REGISTRATION_CLOSED = "Sign-up is closed on this gallery. Ask an organization admin for an invitation.";
const USERNAME_TAKEN = "That username is taken. Pick another.";
const EMAIL_TAKEN = "An account with that e-mail address exists. Sign in, or reset its password.";

/** What lets this sign-up in: open registration, or an invitation (whose address then counts as confirmed). */
export type RegistrationGate = { open: boolean; invitation: { id: string; email: string } | null };

/** Creates a person's account; unless an invitation already proved the address, a confirmation link is mailed. */
export async function register(
  db: Db,
  input: RegisterValues,
  gate: RegistrationGate,
  now = new Date(),
): Promise<Result<{ userId: string; confirmed: boolean }>> {
  if (!gate.open && !gate.invitation) return fail(REGISTRATION_CLOSED);
  const confirmed = gate.invitation?.email === input.email;
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.$transaction(async (tx) => {
      if (await findAccountByUsername(tx, input.username)) return fail(USERNAME_TAKEN, "username");
      if (await findUserIdByEmail(tx, input.email)) return fail(EMAIL_TAKEN, "email");
      const userId = await insertUserAccount(tx, {
        username: input.username,
        email: input.email,
        passwordHash,
        emailConfirmedAt: confirmed ? now : null,
        createdAt: now,
      });
      if (!confirmed) await mailConfirmationLink(tx, userId, input.email, "confirm", now);
      // The link proved the invitation is theirs, whichever address they chose to register with.
      if (gate.invitation) await assignInvitation(tx, gate.invitation.id, userId, now);
      await recordAudit(tx, {
        action: "account.register",
        actorId: userId,
        accountId: userId,
        detail: { username: input.username, email: input.email, invited: gate.invitation !== null },
      });
      return ok({ userId, confirmed });
    });
  } catch (error) {
    // Two sign-ups racing for one name or address: the loser hears what a later one would.
    if (isUniqueViolation(error)) {
      const target = String((error as { meta?: { target?: unknown } }).meta?.target ?? "");
      return target.includes("email") ? fail(EMAIL_TAKEN, "email") : fail(USERNAME_TAKEN, "username");
    }
    throw error;
  }
}
