"use server";

import { headers } from "next/headers";
import { flattenError } from "zod/mini";
import { beginAccountMail } from "@/lib/accounts/mail-limit";
import { requestPasswordReset } from "@/lib/accounts/password-reset";
import { forgotPasswordSchema } from "@/lib/auth/schemas";
import { db } from "@/lib/db/client";
import { deliverOutbox } from "@/lib/mail/outbox";
import { clientIp } from "@/lib/security/client-ip";

export type ForgotState = { sent?: boolean; error?: string; fieldErrors?: { email?: string[] }; email?: string };

/** Signed-out, so no session gate: the answer is the same whether or not the address has an account. */
export async function forgotPassword(_prev: ForgotState, form: FormData): Promise<ForgotState> {
  const email = String(form.get("email") ?? "");
  const parsed = forgotPasswordSchema.safeParse({ email });
  if (!parsed.success) return { fieldErrors: flattenError(parsed.error).fieldErrors, email };
  const refused = await beginAccountMail(parsed.data.email, clientIp(await headers()));
  if (refused) return { error: refused, email };
  await requestPasswordReset(db, parsed.data.email);
  await deliverOutbox(db).catch((error: Error) => console.error(`[mail] ${error.message}`));
  return { sent: true, email };
}
