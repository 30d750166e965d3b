import Link from "next/link";
import type { GalleryRow } from "@/lib/packages/gallery";
import { BreakableId } from "./breakable-id";

/** One search result: id and newest version, what it is, who made it, how often it is downloaded, its tags. */
export function PackageRow({ row }: { row: GalleryRow }) {
  const headingId = `pkg-${row.packageId.toLowerCase()}`;
  return (
    <article aria-labelledby={headingId} className="rounded-lg border border-gray-200 bg-white p-4 shadow-sm sm:p-5">
      <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
        <h2 id={headingId} className="text-lg font-semibold break-words">
          <Link href={`/packages/${encodeURIComponent(row.packageId)}`} className="text-brand hover:underline">
            <BreakableId id={row.packageId} />
          </Link>
        </h2>
        <span className="font-mono text-sm text-gray-700">{row.version}</span>
        {row.title && row.title !== row.packageId && <span className="text-sm text-gray-800">{row.title}</span>}
      </div>
      <p className="mt-1 text-sm text-gray-700">
        by {row.authors.length > 0 ? row.authors.join(", ") : row.owner}
        {row.authors.length > 0 && <> · owner {row.owner}</>} · {row.downloads.toLocaleString("en-US")}{" "}
        {row.downloads === 1 ? "download" : "downloads"}
      </p>
      {row.description && <p className="mt-2 line-clamp-2 text-sm break-words text-gray-800">{row.description}</p>}
      {row.tags.length > 0 && (
        <ul aria-label="Tags" className="mt-2 flex flex-wrap gap-1.5">
          {row.tags.slice(0, 10).map((tag) => (
            <li key={tag}>
              <Link
                href={`/packages?q=${encodeURIComponent(tag)}`}
                className="text-brand inline-block rounded bg-gray-100 px-2 py-0.5 text-xs break-all hover:underline"
              >
                {tag}
              </Link>
            </li>
          ))}
        </ul>
      )}
    </article>
  );
}
