import type { Metadata } from "next";
import { PageTitle } from "@/components/page-title";
import { clsx } from "clsx";
import Link from "next/link";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { listPackagesForUser } from "@/lib/db/packages";
import { LocalTime } from "@/components/local-time";
import { compareVersions } from "@/lib/nuget/version";
import { pageRequest } from "@/lib/page-params";
import { requestOrigin } from "@/lib/security/origin";

export const metadata: Metadata = { title: "Manage packages" };

export default async function PackagesPage() {
  const user = await requireUser();
  const packages = await listPackagesForUser(db, user.id);
  const source = `${requestOrigin(await pageRequest())}/v3/index.json`;
  return (
    <div className="space-y-6">
      <PageTitle
        intro={
          <>
            Packages owned by you and by your organizations. Push with{" "}
            <code className="rounded bg-gray-100 px-1 break-all">
              nuget push My.Package.1.0.0.nupkg -Source {source} -ApiKey &lt;key&gt;
            </code>
            .
          </>
        }
      >
        Manage packages
      </PageTitle>
      {packages.length === 0 ? (
        <p className="text-gray-600">No packages yet.</p>
      ) : (
        <ul className="space-y-3">
          {packages.map((pkg) => (
            <li key={pkg.id}>
              <article
                aria-labelledby={`pkg-${pkg.id}`}
                className="rounded-lg border border-gray-200 bg-white p-5 shadow-sm"
              >
                <div className="flex items-baseline justify-between gap-2">
                  <h2 id={`pkg-${pkg.id}`} className="text-lg font-semibold">
                    <Link href={`/packages/${pkg.packageId}`} className="text-brand hover:underline">
                      {pkg.packageId}
                    </Link>
                  </h2>
                  <span className="text-sm text-gray-600">owner: {pkg.owner}</span>
                </div>
                {pkg.versions.length === 0 ? (
                  <p className="mt-2 text-sm text-gray-600">No versions.</p>
                ) : (
                  <table className="mt-3 w-full table-fixed text-left text-sm">
                    <thead className="text-gray-600">
                      <tr>
                        <th scope="col" className="w-2/5 py-1 font-medium">
                          Version
                        </th>
                        <th scope="col" className="w-2/5 py-1 font-medium">
                          Pushed
                        </th>
                        <th scope="col" className="py-1 font-medium">
                          Status
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {[...pkg.versions]
                        .sort((a, b) => compareVersions(b.version, a.version))
                        .map((v) => (
                          <tr key={v.version} className="border-t border-gray-100">
                            <td className="py-1 font-mono">{v.version}</td>
                            <td className="py-1">
                              <LocalTime value={v.createdAt} format="date" />
                            </td>
                            <td className="py-1">
                              <span
                                className={clsx(
                                  "rounded-full px-2 py-0.5 text-xs font-semibold",
                                  v.listed ? "bg-green-100 text-green-800" : "bg-gray-200 text-gray-700",
                                )}
                              >
                                {v.listed ? "Listed" : "Unlisted"}
                              </span>
                            </td>
                          </tr>
                        ))}
                    </tbody>
                  </table>
                )}
              </article>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
