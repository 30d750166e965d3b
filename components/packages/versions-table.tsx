import Link from "next/link";
import { LocalTime } from "@/components/local-time";
import type { VersionRow } from "@/lib/packages/page";
import { ListedBadge } from "./listed-badge";

type Props = { packageId: string; versions: VersionRow[]; shown: string };

/** Every version, newest first by SemVer, with its downloads, date and listed state; a scroll box on phones. */
export function VersionsTable({ packageId, versions, shown }: Props) {
  return (
    <section className="space-y-3">
      <h2 id="versions-heading" className="text-xl font-semibold">
        Versions
      </h2>
      <div
        tabIndex={0}
        role="region"
        aria-label="Versions"
        className="overflow-x-auto rounded-lg border border-gray-200 bg-white shadow-sm"
      >
        <table className="w-full text-left text-sm">
          <thead className="bg-gray-50 text-gray-700">
            <tr>
              <th scope="col" className="px-3 py-2 font-medium">
                Version
              </th>
              <th scope="col" className="px-3 py-2 text-right font-medium">
                Downloads
              </th>
              <th scope="col" className="px-3 py-2 font-medium">
                Published
              </th>
              <th scope="col" className="hidden px-3 py-2 font-medium sm:table-cell">
                State
              </th>
            </tr>
          </thead>
          <tbody>
            {versions.map((v) => (
              <tr key={v.version} className="border-t border-gray-100">
                <td className="px-3 py-2 font-mono whitespace-nowrap">
                  <Link
                    href={`/packages/${encodeURIComponent(packageId)}/${encodeURIComponent(v.version)}`}
                    aria-current={v.version === shown ? "page" : undefined}
                    className="text-brand underline-offset-2 hover:underline aria-[current=page]:font-semibold"
                  >
                    {v.version}
                  </Link>
                  {/* On phones the state goes under the version, so the table fits without scrolling. */}
                  <span className="mt-1 block font-sans sm:hidden">
                    <ListedBadge listed={v.listed} />
                  </span>
                </td>
                <td className="px-3 py-2 text-right tabular-nums">{v.downloads.toLocaleString("en-US")}</td>
                <td className="px-3 py-2 sm:whitespace-nowrap">
                  <LocalTime value={v.createdAt} format="date" />
                </td>
                <td className="hidden px-3 py-2 sm:table-cell">
                  <ListedBadge listed={v.listed} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
