import { z } from "zod";

export const loginSchema = z.object({
  email: z.email("Enter a valid e-mail address.").max(254).transform((e) => e.toLowerCase()),
  password: z.string().min(1, "Enter your password.").max(1024),
});

/** Only same-site paths, never "//host" or a scheme, so sign-in cannot redirect elsewhere. */
export function safeCallbackUrl(value: unknown, fallback = "/account/apikeys"): string {
  if (typeof value !== "string" || !value.startsWith("/") || value.startsWith("//") || value.includes("\\")) {
    return fallback;
  }
  return value;
}
