import { guardDatabase } from "@/lib/db/availability";
import { serveFlatContainer } from "@/lib/nuget/feed/flat-container";
import { feedDeps } from "@/lib/nuget/feed/http";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ path: string[] }> };

/** PackageBaseAddress/3.0.0: version lists, .nupkg files and manifests; anonymous. */
export async function GET(request: Request, { params }: Params) {
  const { path } = await params;
  return guardDatabase(() => serveFlatContainer(feedDeps(request), request, path));
}
