"use server";

import { AuthError } from "next-auth";
import { headers } from "next/headers";
import { flattenError } from "zod/mini";
import {
  checkPasswordStep,
  findChallengeAccount,
  SIGN_IN_TIMED_OUT,
  WRONG_CREDENTIALS,
} from "@/lib/accounts/sign-in-challenge";
import { WRONG_CODE } from "@/lib/accounts/two-factor";
import { signIn } from "@/lib/auth/config";
import { loginSchema, safeCallbackUrl, signInCodeSchema } from "@/lib/auth/schemas";
import { beginSignIn, passwordAccepted, tooManySignInsMessage } from "@/lib/auth/sign-in-limit";
import { db } from "@/lib/db/client";
import { clientIp } from "@/lib/security/client-ip";

export type LoginState = {
  error?: string;
  fieldErrors?: { email?: string[]; password?: string[]; code?: string[] };
  email?: string;
  /** Set once the password was right on an account with two-factor: the form then asks for a code. */
  challenge?: string;
};

export async function login(_prev: LoginState, form: FormData): Promise<LoginState> {
  const redirectTo = safeCallbackUrl(form.get("callbackUrl"));
  if (form.has("challenge")) return loginWithCode(form, redirectTo);
  const parsed = loginSchema.safeParse({ email: form.get("email"), password: form.get("password") });
  const email = String(form.get("email") ?? "");
  if (!parsed.success) return { fieldErrors: flattenError(parsed.error).fieldErrors, email };
  // This attempt's points are taken here, once; a right password gives them back.
  const ip = clientIp(await headers());
  const limit = await beginSignIn(parsed.data.email, ip);
  if (!limit.ok) return { error: tooManySignInsMessage(limit.retryAfterSeconds), email };
  const step = await checkPasswordStep(db, parsed.data);
  if (!step.ok) return { error: WRONG_CREDENTIALS, email };
  if (step.data.challenge) {
    await passwordAccepted(parsed.data.email, ip);
    return { challenge: step.data.challenge, email };
  }
  try {
    await signIn("credentials", { ...parsed.data, redirectTo });
    return {};
  } catch (error) {
    if (error instanceof AuthError) return { error: WRONG_CREDENTIALS, email };
    throw error;
  }
}

/** The code step: counted against the challenge's account like a password, then handed to next-auth. */
async function loginWithCode(form: FormData, redirectTo: string): Promise<LoginState> {
  const parsed = signInCodeSchema.safeParse({ challenge: form.get("challenge"), code: form.get("code") });
  const challenge = String(form.get("challenge") ?? "");
  const account = parsed.success ? await findChallengeAccount(db, parsed.data.challenge) : null;
  if (!account) {
    const codeErrors = parsed.success ? undefined : flattenError(parsed.error).fieldErrors.code;
    return codeErrors && challenge ? { challenge, fieldErrors: { code: codeErrors } } : { error: SIGN_IN_TIMED_OUT };
  }
  const state = { challenge, email: account.email };
  const limit = await beginSignIn(account.email, clientIp(await headers()));
  if (!limit.ok) return { ...state, error: tooManySignInsMessage(limit.retryAfterSeconds) };
  try {
    await signIn("credentials", { ...parsed.data, redirectTo });
    return {};
  } catch (error) {
    if (error instanceof AuthError) return { ...state, fieldErrors: { code: [WRONG_CODE] } };
    throw error;
  }
}

export async function loginWithGitHub(form: FormData) {
  await signIn("github", { redirectTo: safeCallbackUrl(form.get("callbackUrl")) });
}
