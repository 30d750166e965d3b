import { guardDatabase } from "@/lib/db/availability";
import { feedDeps } from "@/lib/nuget/feed/http";
import { serveAutocomplete } from "@/lib/nuget/feed/search";

export const dynamic = "force-dynamic";

/** SearchAutocompleteService: package ids, or the versions of one id; anonymous. */
export function GET(request: Request) {
  return guardDatabase(() => serveAutocomplete(feedDeps(request), request));
}
