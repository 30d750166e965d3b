"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import * as z from "zod/mini";
import { deleteAccount } from "@/lib/accounts/delete-account";
import { requestEmailChange, resendConfirmation } from "@/lib/accounts/email-confirmation";
import { changePassword } from "@/lib/accounts/password-change";
import { endSession, signOutEverywhere } from "@/lib/accounts/sessions";
import { signOut } from "@/lib/auth/config";
import { changeEmailSchema, changePasswordSchema, deleteAccountSchema, sessionIdSchema } from "@/lib/auth/schemas";
import { authedAction } from "@/lib/auth/session";
import { beginSignIn, signInSucceeded, tooManySignInsMessage } from "@/lib/auth/sign-in-limit";
import type { SessionUser } from "@/lib/auth/views";
import { db } from "@/lib/db/client";
import { fail, type Result } from "@/lib/result";
import { clientIp } from "@/lib/security/client-ip";
import { settle } from "@/lib/server-actions";

const refresh = () => revalidatePath("/account/settings");
// This browser is signed out: the client goes to the sign-in page, so nothing is re-rendered here.
const stay = () => undefined;
const nothing = z.object({});

/** The current password typed here is a guess like one at sign-in, and counts against the same limits. */
async function checkingPassword<T>(user: SessionUser, run: () => Promise<Result<T>>): Promise<Result<T>> {
  const ip = clientIp(await headers());
  const limit = await beginSignIn(user.email, ip);
  if (!limit.ok) return fail(tooManySignInsMessage(limit.retryAfterSeconds));
  const result = await run();
  if (result.ok) await signInSucceeded(user.email, ip);
  return result;
}

export const changePasswordAction = authedAction(changePasswordSchema, async (user, input) =>
  settle(await checkingPassword(user, () => changePassword(db, user.id, input, user.sessionId)), refresh),
);

export const changeEmailAction = authedAction(changeEmailSchema, async (user, input) =>
  settle(await checkingPassword(user, () => requestEmailChange(db, user.id, input)), refresh),
);

export const resendConfirmationAction = authedAction(nothing, async (user) =>
  settle(await resendConfirmation(db, user.id), refresh),
);

export const endSessionAction = authedAction(sessionIdSchema, async (user, { sessionId }) => {
  const result = await endSession(db, user.id, sessionId, user.sessionId);
  if (result.ok && result.data.current) await signOut({ redirect: false });
  return settle(result, result.ok && result.data.current ? stay : refresh);
});

export const signOutEverywhereAction = authedAction(nothing, async (user) => {
  const result = await signOutEverywhere(db, user.id);
  if (result.ok) await signOut({ redirect: false });
  return settle(result, stay);
});

export const deleteAccountAction = authedAction(deleteAccountSchema, async (user, input) => {
  const result = await checkingPassword(user, () => deleteAccount(db, user.id, input));
  if (result.ok) await signOut({ redirect: false });
  return settle(result, stay);
});
