import { jsonResponse } from "@/lib/nuget/feed/responses";
import { serviceIndex } from "@/lib/nuget/feed/service-index";
import { requestOrigin } from "@/lib/security/origin";

export const dynamic = "force-dynamic";

/** The NuGet V3 service index: where clients find push, the flat container, registrations and search. */
export function GET(request: Request) {
  return jsonResponse(request, serviceIndex(requestOrigin(request)));
}
