import { guardDatabase } from "@/lib/db/availability";
import { feedDeps } from "@/lib/nuget/feed/http";
import { serveSearch } from "@/lib/nuget/feed/search";

export const dynamic = "force-dynamic";

/** SearchQueryService: anonymous, as `nuget search` and `dotnet package search` call it. */
export function GET(request: Request) {
  return guardDatabase(() => serveSearch(feedDeps(request), request));
}
