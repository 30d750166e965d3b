import { listAutocompleteVersions, listEligibleVersions, searchPackages, type FeedVersion } from "@/lib/db/feed";
import { compareVersions } from "../version";
import type { FeedDeps } from "./deps";
import { idKeyOf } from "./params";
import { jsonResponse } from "./responses";
import { parseSearchParams } from "./search-params";
import { feedUrls } from "./urls";

const VOCABULARY = "http://schema.nuget.org/schema#";

/**
 * SearchQueryService: packages with a listed version the query allows, the exact id first, then ids that start
 * with the text, then ids that hold it, then matches in title, tags, authors or description; then by downloads.
 */
export async function serveSearch(deps: FeedDeps, request: Request): Promise<Response> {
  const criteria = parseSearchParams(new URL(request.url).searchParams);
  const urls = feedUrls(deps.base, criteria.semVer2);
  const { totalHits, hits } = await searchPackages(deps.db, criteria);
  const rows = await listEligibleVersions(
    deps.db,
    hits.map((h) => h.id),
    criteria,
  );
  const byPackage = new Map<string, FeedVersion[]>();
  for (const row of rows) {
    const list = byPackage.get(row.packageId);
    if (list) list.push(row);
    else byPackage.set(row.packageId, [row]);
  }

  const data = hits.flatMap((hit) => {
    const versions = (byPackage.get(hit.id) ?? []).sort((a, b) => compareVersions(a.version, b.version));
    const latest = versions.at(-1);
    if (!latest) return [];
    const registration = urls.registrationIndex(hit.packageId);
    return [
      {
        "@id": registration,
        "@type": "Package",
        registration,
        id: hit.packageId,
        version: latest.version,
        description: latest.description,
        summary: latest.summary ?? "",
        title: latest.title ?? "",
        ...(latest.iconUrl ? { iconUrl: latest.iconUrl } : {}),
        ...(latest.licenseUrl ? { licenseUrl: latest.licenseUrl } : {}),
        ...(latest.projectUrl ? { projectUrl: latest.projectUrl } : {}),
        tags: latest.tags === "" ? [] : latest.tags.split(" "),
        authors: latest.authors
          .split(",")
          .map((a) => a.trim())
          .filter(Boolean),
        owners: [hit.owner],
        totalDownloads: hit.downloads,
        verified: false,
        packageTypes: (latest.packageTypes === "" ? ["Dependency"] : latest.packageTypes.split(",")).map((name) => ({
          name,
        })),
        versions: versions.map((v) => ({
          version: v.version,
          downloads: v.downloads,
          "@id": urls.registrationLeaf(hit.packageId, v.version),
        })),
      },
    ];
  });
  return jsonResponse(request, {
    "@context": { "@vocab": VOCABULARY, "@base": urls.registrationBase },
    totalHits,
    data,
  });
}

/**
 * SearchAutocompleteService: package ids that contain `q` (ranked as search ranks them), or with `id` the listed
 * versions of one package, in SemVer order.
 */
export async function serveAutocomplete(deps: FeedDeps, request: Request): Promise<Response> {
  const params = new URL(request.url).searchParams;
  const criteria = parseSearchParams(params);
  const context = { "@vocab": VOCABULARY };
  const id = params.get("id");
  if (id !== null) {
    const idKey = idKeyOf(id.trim());
    const versions = idKey ? await listAutocompleteVersions(deps.db, idKey, criteria) : null;
    const data = (versions ?? []).sort(compareVersions);
    return jsonResponse(request, { "@context": context, totalHits: data.length, data });
  }
  const { totalHits, hits } = await searchPackages(deps.db, {
    ...criteria,
    terms: [],
    idTerms: [...criteria.terms, ...criteria.idTerms],
  });
  return jsonResponse(request, { "@context": context, totalHits, data: hits.map((h) => h.packageId) });
}
