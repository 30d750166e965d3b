import { env } from "@/lib/env";

/** Set by server.mjs from the socket on every request; a value sent by a client is overwritten. */
export const PEER_HEADER = "x-gallery-peer";

function forwardedFor(headers: Headers): string[] {
  return (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((e) => e.trim())
    .filter(Boolean);
}

/**
 * The client address used for limits, usage and audit. With TRUSTED_PROXY_HOPS=0 (the default) it is the
 * socket's peer, whatever X-Forwarded-For says; behind N trusted proxies it is the Nth X-Forwarded-For entry
 * from the right, the one the outermost trusted proxy added.
 */
export function clientIp(headers: Headers, hops = env().TRUSTED_PROXY_HOPS): string | null {
  const peer = headers.get(PEER_HEADER);
  if (hops === 0) return peer || null;
  const chain = [...forwardedFor(headers), ...(peer ? [peer] : [])];
  return chain[chain.length - 1 - hops] ?? chain[0] ?? null;
}
