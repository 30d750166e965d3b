import type { Db } from "@/lib/db/client";
import { listEligibleVersions, searchPackages, type FeedVersion } from "@/lib/db/feed";
import { MAX_SKIP, parseSearchParams } from "@/lib/nuget/feed/search-params";
import { defaultVersion, splitList } from "./present";

export const PACKAGES_PER_PAGE = 20;
/** The last page the search can reach (it skips at most MAX_SKIP rows). */
export const LAST_SEARCH_PAGE = Math.floor(MAX_SKIP / PACKAGES_PER_PAGE) + 1;

export type GalleryRow = {
  packageId: string;
  version: string;
  title: string | null;
  description: string;
  authors: string[];
  owner: string;
  downloads: number;
  tags: string[];
};

/**
 * One page of the public package list: packages with a listed version whose id or text holds every word of the
 * query, ranked as the feed's search ranks them, each with its newest listed version.
 */
export async function searchGallery(db: Db, q: string, page: number): Promise<{ total: number; rows: GalleryRow[] }> {
  const criteria = parseSearchParams(
    new URLSearchParams({
      q,
      prerelease: "true",
      semVerLevel: "2.0.0",
      skip: String((page - 1) * PACKAGES_PER_PAGE),
      take: String(PACKAGES_PER_PAGE),
    }),
  );
  const { totalHits, hits } = await searchPackages(db, criteria);
  const versions = await listEligibleVersions(
    db,
    hits.map((h) => h.id),
    criteria,
  );
  const byPackage = new Map<string, FeedVersion[]>();
  for (const v of versions) byPackage.set(v.packageId, [...(byPackage.get(v.packageId) ?? []), v]);
  const rows = hits.flatMap((hit) => {
    const latest = defaultVersion(byPackage.get(hit.id) ?? []);
    if (!latest) return [];
    return [
      {
        packageId: hit.packageId,
        version: latest.version,
        title: latest.title,
        description: latest.summary || latest.description,
        authors: [...new Set(splitList(latest.authors, /,/))],
        owner: hit.owner,
        downloads: hit.downloads,
        tags: [...new Set(splitList(latest.tags, /\s+/))],
      },
    ];
  });
  return { total: totalHits, rows };
}
