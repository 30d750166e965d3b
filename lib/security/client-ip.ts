import { env } from "@/lib/env";

/**
 * The client address: the X-Forwarded-For entry added by the nearest trusted proxy (TRUSTED_PROXY_HOPS,
 * default 0 = the right-most entry). Next.js fills the header from the socket when a request has none.
 */
export function clientIp(headers: Headers): string | null {
  const hops = env().TRUSTED_PROXY_HOPS;
  const entries = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((e) => e.trim())
    .filter(Boolean);
  return entries[Math.max(0, entries.length - 1 - hops)] ?? headers.get("x-real-ip") ?? null;
}
