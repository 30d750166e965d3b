import { guardDatabase } from "@/lib/db/availability";
import { apiRequest, serviceDeps, toResponse } from "@/lib/nuget/http";
import { setPackageListed } from "@/lib/nuget/service";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ id: string; version: string }> };

async function handle(request: Request, { params }: Params, listed: boolean) {
  const { id, version } = await params;
  return guardDatabase(async () =>
    toResponse(await setPackageListed(serviceDeps(request), apiRequest(request), { packageId: id, version, listed })),
  );
}

/** Unlists a version (NuGet's "delete"). */
export function DELETE(request: Request, context: Params) {
  return handle(request, context, false);
}

/** Relists a version. */
export function POST(request: Request, context: Params) {
  return handle(request, context, true);
}
