import type { Metadata } from "next";
import Link from "next/link";
import { PageTitle } from "@/components/page-title";
import { PackageRow } from "@/components/packages/package-row";
import { Pager, pageNumber } from "@/components/ui/pager";
import { db } from "@/lib/db/client";
import { cleanQuery } from "@/lib/nuget/feed/search-params";
import { readParam } from "@/lib/page-params";
import { LAST_SEARCH_PAGE, PACKAGES_PER_PAGE, searchGallery } from "@/lib/packages/gallery";

export const metadata: Metadata = {
  title: "Packages",
  description: "Search the packages of this NuGet gallery.",
};

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function PackagesPage({ searchParams }: Props) {
  const params = await searchParams;
  // The search cleans the text itself; an odd query finds nothing rather than failing the page.
  const q = typeof params.q === "string" ? params.q.trim().slice(0, 256) : "";
  const page = Math.min(pageNumber(readParam(params.page, 12), PACKAGES_PER_PAGE), LAST_SEARCH_PAGE);
  const { total, rows } = await searchGallery(db, q, page);
  const href = (p: number) => {
    const next = new URLSearchParams();
    if (q) next.set("q", q);
    if (p > 1) next.set("page", String(p));
    const text = next.toString();
    return text ? `/packages?${text}` : "/packages";
  };
  return (
    <div className="space-y-6">
      <PageTitle>Packages</PageTitle>
      <form action="/packages" method="get" role="search" className="flex gap-2">
        <label htmlFor="package-search" className="sr-only">
          Search packages
        </label>
        <input
          id="package-search"
          type="search"
          name="q"
          defaultValue={q}
          maxLength={256}
          placeholder="Search packages"
          className="min-w-0 flex-1 rounded border border-gray-300 bg-white px-3 py-2 text-gray-900"
        />
        <button type="submit" className="bg-brand hover:bg-brand-dark rounded px-4 py-2 text-sm font-medium text-white">
          Search
        </button>
      </form>
      <p className="text-sm text-gray-700" aria-live="polite">
        {cleanQuery(q) === ""
          ? `${total.toLocaleString("en-US")} ${total === 1 ? "package" : "packages"}`
          : `${total.toLocaleString("en-US")} ${total === 1 ? "package matches" : "packages match"} “${q}”`}
      </p>
      {rows.length === 0 ? (
        <p className="text-gray-700">
          No packages found.{" "}
          {q && (
            <Link href="/packages" className="text-brand underline underline-offset-2">
              Show all packages
            </Link>
          )}
        </p>
      ) : (
        <ul className="space-y-3">
          {rows.map((row) => (
            <li key={row.packageId}>
              <PackageRow row={row} />
            </li>
          ))}
        </ul>
      )}
      <Pager
        label="Pages of packages"
        page={page}
        perPage={PACKAGES_PER_PAGE}
        total={Math.min(total, LAST_SEARCH_PAGE * PACKAGES_PER_PAGE)}
        href={href}
      />
    </div>
  );
}
