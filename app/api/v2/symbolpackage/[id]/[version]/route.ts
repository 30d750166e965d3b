import { guardDatabase } from "@/lib/db/availability";
import { feedDeps } from "@/lib/nuget/feed/http";
import { serveSymbols } from "@/lib/nuget/feed/symbols";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ id: string; version: string }> };

/** A version's symbols package; anonymous, as the package itself is. */
export async function GET(request: Request, { params }: Params) {
  const { id, version } = await params;
  return guardDatabase(() => serveSymbols(feedDeps(request), request, id, version));
}
