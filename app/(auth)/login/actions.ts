"use server";

import { AuthError } from "next-auth";
import { headers } from "next/headers";
import { signIn } from "@/lib/auth/config";
import { beginSignIn, tooManySignInsMessage } from "@/lib/auth/sign-in-limit";
import { clientIp } from "@/lib/security/client-ip";
import { flattenError } from "zod/mini";
import { loginSchema, safeCallbackUrl } from "@/lib/auth/schemas";

export type LoginState = { error?: string; fieldErrors?: { email?: string[]; password?: string[] }; email?: string };

export async function login(_prev: LoginState, form: FormData): Promise<LoginState> {
  const parsed = loginSchema.safeParse({ email: form.get("email"), password: form.get("password") });
  const email = String(form.get("email") ?? "");
  if (!parsed.success) return { fieldErrors: flattenError(parsed.error).fieldErrors, email };
  // This attempt's points are taken here, once; authorize() gives them back if the password is right.
  const limit = await beginSignIn(parsed.data.email, clientIp(await headers()));
  if (!limit.ok) return { error: tooManySignInsMessage(limit.retryAfterSeconds), email };
  try {
    await signIn("credentials", { ...parsed.data, redirectTo: safeCallbackUrl(form.get("callbackUrl")) });
    return {};
  } catch (error) {
    if (error instanceof AuthError) return { error: "Wrong e-mail address or password.", email };
    throw error;
  }
}

export async function loginWithGitHub(form: FormData) {
  await signIn("github", { redirectTo: safeCallbackUrl(form.get("callbackUrl")) });
}
