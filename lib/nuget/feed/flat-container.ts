import { findVersionFile, listVersionKeys } from "@/lib/db/feed";
import { DEFAULT_NUPKG_LIMITS, extractNuspec, NupkgError } from "../nupkg";
import { compareVersions } from "../version";
import type { FeedDeps } from "./deps";
import { idKeyOf, versionKeyOf } from "./params";
import { etagOf, isFresh, jsonResponse, notFound, notModified, PACKAGE_CACHE } from "./responses";

// The file was checked when it was pushed; serving it again applies no size or ratio limit.
const SERVING_LIMITS = {
  ...DEFAULT_NUPKG_LIMITS,
  maxPackageBytes: Number.POSITIVE_INFINITY,
  maxUncompressedBytes: Number.POSITIVE_INFINITY,
  maxCompressionRatio: Number.POSITIVE_INFINITY,
};

/**
 * PackageBaseAddress/3.0.0: `{id}/index.json` lists every version, `{id}/{version}/{id}.{version}.nupkg` is the
 * package and `{id}/{version}/{id}.nuspec` its manifest. Anything else, or anything unknown, is a 404.
 */
export async function serveFlatContainer(deps: FeedDeps, request: Request, path: string[]): Promise<Response> {
  const [idText = "", second = "", file, ...rest] = path;
  const idKey = idKeyOf(idText);
  if (!idKey || rest.length > 0) return notFound("Not found.");
  if (file === undefined) return second === "index.json" ? versionIndex(deps, request, idKey) : notFound("Not found.");
  const versionKey = versionKeyOf(second);
  if (!versionKey) return notFound("Not found.");
  const name = file.toLowerCase();
  const versionText = second.toLowerCase();
  if (name === `${idKey}.${versionText}.nupkg` || name === `${idKey}.${versionKey}.nupkg`) {
    return packageFile(deps, request, idKey, versionKey);
  }
  if (name === `${idKey}.nuspec`) return manifest(deps, request, idKey, versionKey);
  return notFound("Not found.");
}

async function versionIndex(deps: FeedDeps, request: Request, idKey: string): Promise<Response> {
  const versions = await listVersionKeys(deps.db, idKey);
  if (!versions || versions.length === 0) return notFound(`The package '${idKey}' does not exist.`);
  return jsonResponse(request, { versions: versions.sort(compareVersions) });
}

type VersionFile = { versionId: string; packageDbId: string; key: string; etag: string };

async function versionFile(deps: FeedDeps, idKey: string, versionKey: string): Promise<VersionFile | null> {
  const row = await findVersionFile(deps.db, idKey, versionKey);
  // Versions made without a file (the demo seed's) have nothing to download.
  if (!row?.storagePath) return null;
  return { versionId: row.id, packageDbId: row.packageId, key: row.storagePath, etag: etagOf(row.storagePath) };
}

async function packageFile(deps: FeedDeps, request: Request, idKey: string, versionKey: string): Promise<Response> {
  const missing = () => notFound(`The package ${idKey} ${versionKey} does not exist.`);
  const file = await versionFile(deps, idKey, versionKey);
  if (!file) return missing();
  const headers = (size: number) => ({
    "content-type": "application/octet-stream",
    "content-length": String(size),
    etag: file.etag,
    "cache-control": PACKAGE_CACHE,
  });
  // A HEAD or a revalidation only needs to know the file is there; a GET opens it once.
  if (request.method === "HEAD" || isFresh(request, file.etag)) {
    const size = await deps.store.size(file.key);
    if (size === null) return missing();
    if (isFresh(request, file.etag)) return notModified(file.etag, PACKAGE_CACHE);
    return new Response(null, { status: 200, headers: headers(size) });
  }
  const stored = await deps.store.open(file.key);
  if (!stored) return missing();
  deps.downloads.record(file.versionId, file.packageDbId);
  return new Response(stored.body, { status: 200, headers: headers(stored.size) });
}

async function manifest(deps: FeedDeps, request: Request, idKey: string, versionKey: string): Promise<Response> {
  const file = await versionFile(deps, idKey, versionKey);
  const source = file && (await deps.store.zipSource(file.key));
  if (!file || !source) return notFound(`The package ${idKey} ${versionKey} does not exist.`);
  const etag = etagOf(`nuspec:${file.etag}`);
  if (isFresh(request, etag)) return notModified(etag, PACKAGE_CACHE);
  let bytes: Buffer;
  try {
    bytes = await extractNuspec(source, SERVING_LIMITS);
  } catch (error) {
    if (error instanceof NupkgError) return notFound(`The package ${idKey} ${versionKey} has no readable manifest.`);
    throw error;
  }
  return new Response(request.method === "HEAD" ? null : new Uint8Array(bytes), {
    status: 200,
    headers: {
      "content-type": "text/xml",
      "content-length": String(bytes.length),
      etag,
      "cache-control": PACKAGE_CACHE,
    },
  });
}
