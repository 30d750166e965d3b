import { env } from "@/lib/env";

const HOST =
  /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

function firstValue(headers: Headers, name: string): string | null {
  return headers.get(name)?.split(",")[0]?.trim() || null;
}

/**
 * The origin the client reached us at, for URLs the NuGet protocol hands back: GALLERY_URL when set,
 * otherwise the Host header (X-Forwarded-Host and -Proto only behind trusted proxies). A malformed host
 * falls back to the URL the server saw.
 */
export function requestOrigin(request: Pick<Request, "headers" | "url">, settings = env()): string {
  if (settings.GALLERY_URL) return settings.GALLERY_URL;
  const { headers } = request;
  const behindProxy = settings.TRUSTED_PROXY_HOPS > 0;
  const host = (behindProxy && firstValue(headers, "x-forwarded-host")) || headers.get("host");
  const proto = behindProxy ? firstValue(headers, "x-forwarded-proto") : null;
  if (!host || !HOST.test(host)) return new URL(request.url).origin;
  return `${proto === "https" ? "https" : "http"}://${host.toLowerCase()}`;
}
