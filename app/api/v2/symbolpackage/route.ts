import { guardDatabase } from "@/lib/db/availability";
import { apiRequest, serviceDeps, toResponse } from "@/lib/nuget/http";
import { pushSymbols } from "@/lib/nuget/service";
import { receiveUpload } from "@/lib/nuget/upload";

export const dynamic = "force-dynamic";

// SymbolPackagePublish/4.9.0: the API key in X-NuGet-ApiKey is this route's gate, as for a push.
export function PUT(request: Request) {
  const deps = serviceDeps(request);
  return guardDatabase(async () =>
    toResponse(
      await pushSymbols(deps, apiRequest(request), () =>
        receiveUpload(request, deps.store.stagingRoot, deps.limits.maxPackageBytes),
      ),
    ),
  );
}
