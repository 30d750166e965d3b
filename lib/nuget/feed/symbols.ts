import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { join } from "node:path";
import { Readable } from "node:stream";
import { findVersionSymbols } from "@/lib/db/packages";
import type { FeedDeps } from "./deps";
import { idKeyOf, versionKeyOf } from "./params";
import { etagOf, isFresh, notFound, notModified, PACKAGE_CACHE } from "./responses";

/** GET /api/v2/symbolpackage/{id}/{version}: the version's .snupkg, as nuget.org's "Download symbols" link. */
export async function serveSymbols(deps: FeedDeps, request: Request, id: string, version: string): Promise<Response> {
  const idKey = idKeyOf(id);
  const versionKey = versionKeyOf(version);
  if (!idKey || !versionKey) return notFound("Not found.");
  const row = await findVersionSymbols(deps.db, idKey, versionKey);
  const path = row?.symbolsPath ? join(deps.packagesDir, row.symbolsPath) : null;
  const info = path ? await stat(path).catch(() => null) : null;
  if (!row || !path || !info?.isFile()) return notFound(`The package ${id} ${version} has no symbols package.`);
  const etag = etagOf(row.symbolsPath!);
  if (isFresh(request, etag)) return notModified(etag, PACKAGE_CACHE);
  const name = `${row.package.packageId}.${row.version}.snupkg`;
  const headers = {
    "content-type": "application/octet-stream",
    "content-length": String(info.size),
    "content-disposition": `attachment; filename="${name}"`,
    etag,
    "cache-control": PACKAGE_CACHE,
  };
  if (request.method === "HEAD") return new Response(null, { status: 200, headers });
  const body = Readable.toWeb(createReadStream(path)) as unknown as ReadableStream<Uint8Array>;
  return new Response(body, { status: 200, headers });
}
