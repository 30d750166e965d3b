import { createHash } from "node:crypto";

/** Metadata changes with every push and unlist: caches keep it but ask again each time (cheap with the ETag). */
export const METADATA_CACHE = "public, max-age=0, must-revalidate";
/** A version's file never changes once stored; only its existence can. */
export const PACKAGE_CACHE = "public, max-age=86400, immutable";

export function etagOf(content: string | Buffer): string {
  return `"${createHash("sha256").update(content).digest("base64url").slice(0, 27)}"`;
}

/** Whether the client's If-None-Match names this ETag (weak comparison, as RFC 9110 asks for GET). */
export function isFresh(request: Request, etag: string): boolean {
  const header = request.headers.get("if-none-match");
  if (!header) return false;
  if (header.trim() === "*") return true;
  const bare = etag.replace(/^W\//, "");
  return header.split(",").some((tag) => tag.trim().replace(/^W\//, "") === bare);
}

export function notModified(etag: string, cacheControl: string): Response {
  return new Response(null, { status: 304, headers: { etag, "cache-control": cacheControl } });
}

/** A JSON document with its ETag; 304 when the client has it already, no body for HEAD. */
export function jsonResponse(request: Request, body: unknown, cacheControl = METADATA_CACHE): Response {
  const text = JSON.stringify(body);
  const etag = etagOf(text);
  if (isFresh(request, etag)) return notModified(etag, cacheControl);
  return new Response(request.method === "HEAD" ? null : text, {
    status: 200,
    headers: {
      "content-type": "application/json; charset=utf-8",
      "content-length": String(Buffer.byteLength(text)),
      etag,
      "cache-control": cacheControl,
      "access-control-allow-origin": "*",
    },
  });
}

/** 404 with a sentence; a short cache so a package pushed a moment later is found. */
export function notFound(message: string): Response {
  return new Response(message, {
    status: 404,
    statusText: message.replace(/[^\x20-\x7e]/g, "?").slice(0, 200),
    headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "public, max-age=0, must-revalidate" },
  });
}
