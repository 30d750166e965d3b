import { guardDatabase } from "@/lib/db/availability";
import { feedDeps } from "@/lib/nuget/feed/http";
import { serveRegistration } from "@/lib/nuget/feed/registrations";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ path: string[] }> };

/** RegistrationsBaseUrl without SemVer 2.0.0 versions; anonymous. */
export async function GET(request: Request, { params }: Params) {
  const { path } = await params;
  return guardDatabase(() => serveRegistration(feedDeps(request), request, path, false));
}
