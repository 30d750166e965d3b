import { guardDatabase } from "@/lib/db/availability";
import { apiRequest, serviceDeps, toResponse } from "@/lib/nuget/http";
import { pushPackage } from "@/lib/nuget/service";
import { receiveUpload } from "@/lib/nuget/upload";

export const dynamic = "force-dynamic";

// The API key in X-NuGet-ApiKey is this route's gate (SPEC 4.4); sessions play no part.
export function PUT(request: Request) {
  const deps = serviceDeps(request);
  return guardDatabase(async () =>
    toResponse(
      await pushPackage(deps, apiRequest(request), () =>
        receiveUpload(request, deps.store.stagingRoot, deps.limits.maxPackageBytes),
      ),
    ),
  );
}
