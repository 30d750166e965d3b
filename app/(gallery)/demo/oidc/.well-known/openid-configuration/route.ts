import { env } from "@/lib/env";
import { requestOrigin } from "@/lib/security/origin";
import { demoDiscovery } from "@/lib/trusted-publishing/demo-issuer";

export const dynamic = "force-dynamic";

// Demo mode only: the demo token issuer's discovery document; without demo mode there is no issuer.
export function GET(request: Request) {
  const settings = env();
  if (!settings.DEMO_MODE) return new Response("Not Found", { status: 404 });
  return Response.json(demoDiscovery(requestOrigin(request, settings)), {
    headers: { "Cache-Control": "public, max-age=300" },
  });
}
