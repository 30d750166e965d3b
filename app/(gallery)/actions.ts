"use server";

import { headers } from "next/headers";
import * as z from "zod/mini";
import { resendConfirmation } from "@/lib/accounts/email-confirmation";
import { beginAccountMail } from "@/lib/accounts/mail-limit";
import { signOut } from "@/lib/auth/config";
import { authedAction } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { fail } from "@/lib/result";
import { clientIp } from "@/lib/security/client-ip";
import { settle } from "@/lib/server-actions";

export async function signOutAction() {
  await signOut({ redirectTo: "/login" });
}

/** Mails the confirmation link again, within the same limits as a sign-up. */
export const resendConfirmationAction = authedAction(z.object({}), async (user) => {
  const refused = await beginAccountMail(user.email, clientIp(await headers()));
  if (refused) return fail(refused);
  return settle(await resendConfirmation(db, user.id), () => undefined);
});
