import * as z from "zod/mini";

export const loginSchema = z.object({
  email: z.email("Enter a valid e-mail address.").check(z.maxLength(254), z.toLowerCase()),
  password: z.string().check(z.minLength(1, "Enter your password."), z.maxLength(1024)),
});

/** Only same-site paths, never "//host" or a scheme, so sign-in cannot redirect elsewhere. */
export function safeCallbackUrl(value: unknown, fallback = "/account/apikeys"): string {
  if (typeof value !== "string" || !value.startsWith("/") || value.startsWith("//") || value.includes("\\")) {
    return fallback;
  }
  return value;
}
