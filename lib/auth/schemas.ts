import * as z from "zod/mini";

/** Passwords people pick most often; refused outright whatever their length. */
const COMMON_PASSWORDS = new Set([
  "password",
  "password1",
  "password123",
  "passw0rd",
  "123456789012",
  "qwertyuiop",
  "iloveyou",
  "letmein",
  "welcome1",
  "administrator",
  "changeme",
  "nuget-password",
]);

/** A new password a person can understand being refused. */
export const newPasswordSchema = z.string().check(
  z.minLength(12, "Use at least 12 characters."),
  z.maxLength(256, "Use at most 256 characters."),
  z.refine((p) => !COMMON_PASSWORDS.has(p.toLowerCase()), "That password is one of the most common; pick another."),
  z.refine((p) => new Set(p).size >= 4, "Use more than a few different characters."),
);

/** Why a password is too close to the account's own e-mail address or username, or null when it is not. */
export function personalPasswordProblem(password: string, ...identities: (string | null | undefined)[]): string | null {
  const p = password.toLowerCase();
  for (const identity of identities) {
    if (!identity) continue;
    const whole = identity.toLowerCase();
    const local = whole.split("@")[0]!;
    if (p === whole || p.includes(local.length >= 4 ? local : whole)) {
      return "Don't use your e-mail address or username in your password.";
    }
  }
  return null;
}

export const forgotPasswordSchema = z.object({
  email: z.email("Enter a valid e-mail address.").check(z.maxLength(254), z.toLowerCase()),
});

export const resetPasswordSchema = z
  .object({
    token: z.string().check(z.minLength(20), z.maxLength(200), z.regex(/^[A-Za-z0-9_-]+$/)),
    password: newPasswordSchema,
    confirm: z.string(),
  })
  .check(z.refine((v) => v.password === v.confirm, { message: "The two passwords differ.", path: ["confirm"] }));

export const loginSchema = z.object({
  email: z.email("Enter a valid e-mail address.").check(z.maxLength(254), z.toLowerCase()),
  password: z.string().check(z.minLength(1, "Enter your password."), z.maxLength(1024)),
});

const BASE = "http://gallery.invalid";
/** Control characters, zero-width and bidirectional marks, and backslashes, which browsers read leniently. */
const TRICKY = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2028\u2029\u2060\ufeff\\]/;

/**
 * Where to go after signing in: a path on this site only. The value is resolved against the site as a
 * browser would, and kept only if it stays on it; "//evil.com", "/\\evil.com", "https://evil.com",
 * "javascript:…" and anything with control or invisible characters fall back.
 */
export function safeCallbackUrl(value: unknown, fallback = "/account/apikeys"): string {
  if (typeof value !== "string" || !value.startsWith("/") || value.length > 2048) return fallback;
  let decoded: string;
  try {
    decoded = decodeURIComponent(value);
  } catch {
    return fallback;
  }
  if (TRICKY.test(value) || TRICKY.test(decoded) || decoded.startsWith("//")) return fallback;
  let url: URL;
  try {
    url = new URL(value, BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== BASE || url.pathname.startsWith("//")) return fallback;
  // Browsers collapse "/./" and "/../"; a path that would then start with "//" names another host.
  const path = url.pathname + url.search + url.hash;
  return path.startsWith("//") ? fallback : path;
}

const currentPassword = z.string().check(z.minLength(1, "Enter your current password."), z.maxLength(1024));

/** Settings: a new password, given with the current one. */
export const changePasswordSchema = z
  .object({ currentPassword, password: newPasswordSchema, confirm: z.string() })
  .check(
    z.refine((v) => v.password === v.confirm, { message: "The two passwords differ.", path: ["confirm"] }),
    z.refine((v) => v.password !== v.currentPassword, {
      message: "Pick a password different from your current one.",
      path: ["password"],
    }),
  );
export type ChangePasswordInput = z.input<typeof changePasswordSchema>;

/** Settings: move the account to a new address, confirmed from there. */
export const changeEmailSchema = z.object({
  email: z.email("Enter a valid e-mail address.").check(z.maxLength(254), z.toLowerCase()),
  password: currentPassword,
});
export type ChangeEmailInput = z.input<typeof changeEmailSchema>;

/** One of the user's own sessions, by id. */
export const sessionIdSchema = z.object({ sessionId: z.string().check(z.minLength(1), z.maxLength(100)) });

/** Settings: delete the account, with the password and the username typed out. */
export const deleteAccountSchema = z.object({
  password: currentPassword,
  confirmUsername: z.string().check(z.trim(), z.minLength(1, "Type your username."), z.maxLength(100)),
});
export type DeleteAccountInput = z.input<typeof deleteAccountSchema>;
/** A code from an authenticator app, or one of the account's recovery codes. */
export const secondFactorCodeSchema = z
  .string()
  .check(
    z.trim(),
    z.minLength(1, "Enter the code from your authenticator app."),
    z.maxLength(32, "That code is too long."),
  );

/** The single-use token of a half-finished sign-in (lib/accounts/sign-in-challenge.ts). */
const challengeTokenSchema = z.string().check(z.minLength(20), z.maxLength(200), z.regex(/^[A-Za-z0-9_-]+$/));

/** The second step of a sign-in with two-factor: the challenge the password step handed out, and a code. */
export const signInCodeSchema = z.object({ challenge: challengeTokenSchema, code: secondFactorCodeSchema });

/** The first code from the app, which proves it holds the new secret. */
export const enableTwoFactorSchema = z.object({
  code: z.string().check(z.trim(), z.regex(/^\d{3} ?\d{3}$/, "Enter the 6-digit code your authenticator app shows.")),
});

export const disableTwoFactorSchema = z.object({
  password: loginSchema.shape.password,
  code: secondFactorCodeSchema,
});

export const recoveryCodesSchema = z.object({ password: loginSchema.shape.password });

export type EnableTwoFactorInput = z.input<typeof enableTwoFactorSchema>;
export type DisableTwoFactorInput = z.input<typeof disableTwoFactorSchema>;
export type RecoveryCodesInput = z.input<typeof recoveryCodesSchema>;
