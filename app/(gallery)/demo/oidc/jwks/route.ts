import { env } from "@/lib/env";
import { demoJwks } from "@/lib/trusted-publishing/demo-issuer";

export const dynamic = "force-dynamic";

// Demo mode only: the demo token issuer's public key, derived from AUTH_SECRET.
export function GET() {
  const settings = env();
  if (!settings.DEMO_MODE) return new Response("Not Found", { status: 404 });
  return Response.json(demoJwks(settings.AUTH_SECRET), { headers: { "Cache-Control": "public, max-age=300" } });
}
