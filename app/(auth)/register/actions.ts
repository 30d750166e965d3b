"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { flattenError } from "zod/mini";
import { beginAccountMail } from "@/lib/accounts/mail-limit";
import { register } from "@/lib/accounts/register";
import { registerSchema } from "@/lib/accounts/schemas";
import { signIn } from "@/lib/auth/config";
import { config } from "@/lib/config";
import { db } from "@/lib/db/client";
import { findInvitationForRegistration } from "@/lib/organizations/invitations";
import { deliverOutbox } from "@/lib/mail/outbox";
import { clientIp } from "@/lib/security/client-ip";

type Field = "username" | "email" | "password" | "confirm";
export type RegisterState = {
  error?: string;
  fieldErrors?: Partial<Record<Field, string[]>>;
  values?: { username: string; email: string };
};

/** Signed-out, so no session gate: the form's own schema, then the sign-up limit, then the account. */
export async function registerAccount(_prev: RegisterState, form: FormData): Promise<RegisterState> {
  const raw = {
    username: String(form.get("username") ?? ""),
    email: String(form.get("email") ?? ""),
    password: String(form.get("password") ?? ""),
    confirm: String(form.get("confirm") ?? ""),
    invitation: String(form.get("invitation") ?? "") || undefined,
  };
  const values = { username: raw.username, email: raw.email };
  const parsed = registerSchema.safeParse(raw);
  if (!parsed.success) {
    const { fieldErrors } = flattenError(parsed.error);
    if (fieldErrors.invitation)
      return { error: "This invitation link is not complete. Open it from the mail again.", values };
    return { fieldErrors, values };
  }
  const refused = await beginAccountMail(parsed.data.email, clientIp(await headers()));
  if (refused) return { error: refused, values };
  const invitation = parsed.data.invitation ? await findInvitationForRegistration(db, parsed.data.invitation) : null;
  const result = await register(db, parsed.data, { open: config.registrationOpen, invitation });
  if (!result.ok) {
    const field = result.fieldErrors ? (Object.keys(result.fieldErrors)[0] as Field) : undefined;
    return field ? { fieldErrors: { [field]: [result.error] }, values } : { error: result.error, values };
  }
  await deliverOutbox(db).catch((error: Error) => console.error(`[mail] ${error.message}`));
  await signIn("credentials", {
    email: parsed.data.email,
    password: parsed.data.password,
    redirect: false,
  });
  redirect(invitation ? "/invitations" : "/account/apikeys");
}
