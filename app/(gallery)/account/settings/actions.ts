"use server";

import { revalidatePath } from "next/cache";
import * as z from "zod/mini";
import { deleteAccount } from "@/lib/accounts/delete-account";
import { requestEmailChange, resendConfirmation } from "@/lib/accounts/email-confirmation";
import { changePassword } from "@/lib/accounts/password-change";
import { endSession, signOutEverywhere } from "@/lib/accounts/sessions";
import { signOut } from "@/lib/auth/config";
import { changeEmailSchema, changePasswordSchema, deleteAccountSchema, sessionIdSchema } from "@/lib/auth/schemas";
import { authedAction } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { settle } from "@/lib/server-actions";

const refresh = () => revalidatePath("/account/settings");
// This browser is signed out: the client goes to the sign-in page, so nothing is re-rendered here.
const stay = () => undefined;
const nothing = z.object({});

export const changePasswordAction = authedAction(changePasswordSchema, async (user, input) =>
  settle(await changePassword(db, user.id, input, user.sessionId), refresh),
);

export const changeEmailAction = authedAction(changeEmailSchema, async (user, input) =>
  settle(await requestEmailChange(db, user.id, input), refresh),
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
  const result = await deleteAccount(db, user.id, input);
  if (result.ok) await signOut({ redirect: false });
  return settle(result, stay);
});
