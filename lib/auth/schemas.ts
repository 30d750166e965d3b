import * as z from "zod/mini";

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
