// A dynamic route handler that answers a small JSON: the floor for the push API's refusals and relists.
export const dynamic = "force-dynamic";

export function GET() {
  return Response.json({ ok: true, at: Date.now() });
}
