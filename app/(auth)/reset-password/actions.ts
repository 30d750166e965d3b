"use server";

import { redirect } from "next/navigation";
import { flattenError } from "zod/mini";
import { resetPassword } from "@/lib/accounts/password-reset";
import { resetPasswordSchema } from "@/lib/auth/schemas";
import { db } from "@/lib/db/client";

export type ResetState = { error?: string; fieldErrors?: { password?: string[]; confirm?: string[] } };

/** The link's token is the gate here: it works once, within its hour. */
export async function setNewPassword(_prev: ResetState, form: FormData): Promise<ResetState> {
  const parsed = resetPasswordSchema.safeParse({
    token: form.get("token"),
    password: form.get("password"),
    confirm: form.get("confirm"),
  });
  if (!parsed.success) {
    const fieldErrors = flattenError(parsed.error).fieldErrors;
    if (fieldErrors.token) return { error: "This link is not complete. Open it from the mail again." };
    return { fieldErrors };
  }
  const result = await resetPassword(db, parsed.data);
  if (!result.ok) return { error: result.error };
  redirect("/login?reset=done");
}
