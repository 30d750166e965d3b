"use server";

import { revalidatePath } from "next/cache";
import { confirmEmail } from "@/lib/accounts/email-confirmation";
import { confirmEmailSchema } from "@/lib/accounts/schemas";
import { db } from "@/lib/db/client";

export type ConfirmState = { error?: string; confirmed?: { email: string; changed: boolean } };

/** The link's token is the gate: it works once, within its day, for the address it was sent to. */
export async function confirmAddress(_prev: ConfirmState, form: FormData): Promise<ConfirmState> {
  const parsed = confirmEmailSchema.safeParse({ token: form.get("token") });
  if (!parsed.success) return { error: "This link is not complete. Open it from the mail again." };
  const result = await confirmEmail(db, parsed.data.token);
  if (!result.ok) return { error: result.error };
  revalidatePath("/", "layout");
  return { confirmed: { email: result.data.email, changed: result.data.purpose === "email-change" } };
}
