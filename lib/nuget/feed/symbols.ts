import { findVersionSymbols } from "@/lib/db/packages";
import type { FeedDeps } from "./deps";
import { idKeyOf, versionKeyOf } from "./params";
import { etagOf, isFresh, notFound, notModified, PACKAGE_CACHE } from "./responses";

/** GET /api/v2/symbolpackage/{id}/{version}: the version's .snupkg, as nuget.org's "Download symbols" link. */
export async function serveSymbols(deps: FeedDeps, request: Request, id: string, version: string): Promise<Response> {
  const idKey = idKeyOf(id);
  const versionKey = versionKeyOf(version);
  if (!idKey || !versionKey) return notFound("Not found.");
  const missing = () => notFound(`The package ${id} ${version} has no symbols package.`);
  const row = await findVersionSymbols(deps.db, idKey, versionKey);
  if (!row?.symbolsPath) return missing();
  const etag = etagOf(row.symbolsPath);
  const name = `${row.package.packageId}.${row.version}.snupkg`;
  const headers = (size: number) => ({
    "content-type": "application/octet-stream",
    "content-length": String(size),
    "content-disposition": `attachment; filename="${name}"`,
    etag,
    "cache-control": PACKAGE_CACHE,
  });
  // A HEAD or a revalidation only needs to know the file is there; a GET opens it once.
  if (request.method === "HEAD" || isFresh(request, etag)) {
    const size = await deps.store.size(row.symbolsPath);
    if (size === null) return missing();
    if (isFresh(request, etag)) return notModified(etag, PACKAGE_CACHE);
    return new Response(null, { status: 200, headers: headers(size) });
  }
  const stored = await deps.store.open(row.symbolsPath);
  if (!stored) return missing();
  return new Response(stored.body, { status: 200, headers: headers(stored.size) });
}
