export const dynamic = "force-dynamic";

/** Liveness: the process answers; no database access. */
export function GET() {
  return new Response("ok", { headers: { "content-type": "text/plain", "cache-control": "no-store" } });
}
