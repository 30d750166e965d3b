import Link from "next/link";
import type { ReactNode } from "react";
import { LocalTime } from "@/components/local-time";
import type { PackagePageView } from "@/lib/packages/page";
import type { InstallCommand } from "@/lib/packages/present";
import { BreakableId } from "./breakable-id";
import { InstallCommands } from "./install-commands";
import { VersionsTable } from "./versions-table";

type Props = { pkg: PackagePageView; commands: InstallCommand[]; canManage: boolean };

const EXTERNAL = { rel: "noopener noreferrer nofollow", target: "_blank" } as const;
const LINK = "text-brand underline underline-offset-2 break-all";

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt className="text-xs font-semibold tracking-wide text-gray-600 uppercase">{label}</dt>
      <dd className="mt-1 text-sm text-gray-900">{children}</dd>
    </div>
  );
}

/** A package's public page at one version: what it is, how to install it, what it needs, and its versions. */
export function PackageDetails({ pkg, commands, canManage }: Props) {
  const v = pkg.shown;
  const packagePath = `/packages/${encodeURIComponent(pkg.packageId)}`;
  return (
    <div className="space-y-6">
      <div className="space-y-2">
        <h1 className="text-2xl font-light break-words text-gray-900 sm:text-3xl">
          <BreakableId id={pkg.packageId} />{" "}
          <span className="font-mono text-xl break-words text-gray-700 sm:text-2xl">{v.version}</span>
        </h1>
        {v.title !== pkg.packageId && <p className="text-lg text-gray-800">{v.title}</p>}
        <p className="flex flex-wrap gap-2 text-xs font-semibold">
          {v.prerelease && <span className="rounded-full bg-amber-100 px-2 py-0.5 text-amber-900">Prerelease</span>}
          {!v.listed && <span className="rounded-full bg-gray-200 px-2 py-0.5 text-gray-700">Unlisted</span>}
        </p>
      </div>

      {!v.listed && (
        <p className="rounded border-l-4 border-amber-500 bg-amber-50 px-4 py-3 text-sm text-amber-900">
          <strong>This version is unlisted.</strong> It is not in search results, but restores that name this version
          still work.{" "}
          {pkg.versions.some((r) => r.listed) && (
            <Link href={packagePath} className="underline underline-offset-2">
              See the latest version
            </Link>
          )}
        </p>
      )}

      <div className="grid gap-8 lg:grid-cols-[minmax(0,1fr)_16rem]">
        <div className="min-w-0 space-y-8">
          <section aria-labelledby="about-heading" className="space-y-2">
            <h2 id="about-heading" className="sr-only">
              About
            </h2>
            {v.summary && <p className="font-medium text-gray-900">{v.summary}</p>}
            <p className="break-words whitespace-pre-line text-gray-800">{v.description || "No description."}</p>
          </section>

          <InstallCommands packageId={pkg.packageId} commands={commands} prerelease={v.prerelease} />

          <section aria-labelledby="deps-heading" className="space-y-3">
            <h2 id="deps-heading" className="text-xl font-semibold">
              Dependencies
            </h2>
            {v.dependencyGroups.length === 0 ? (
              <p className="text-sm text-gray-700">No dependencies.</p>
            ) : (
              <ul className="space-y-3">
                {v.dependencyGroups.map((group, i) => (
                  <li key={group.targetFramework ?? `any-${i}`}>
                    <h3 className="text-sm font-semibold text-gray-800">
                      {group.targetFramework ?? "Any target framework"}
                    </h3>
                    {group.dependencies.length === 0 ? (
                      <p className="ml-4 text-sm text-gray-700">No dependencies.</p>
                    ) : (
                      <ul className="mt-1 ml-4 list-disc space-y-0.5 pl-4 text-sm">
                        {group.dependencies.map((d) => (
                          <li key={`${d.id}-${d.range}`}>
                            <Link href={`/packages/${encodeURIComponent(d.id)}`} className={LINK}>
                              {d.id}
                            </Link>
                            {d.range && <span className="text-gray-700"> ({d.range})</span>}
                          </li>
                        ))}
                      </ul>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </section>

          <VersionsTable packageId={pkg.packageId} versions={pkg.versions} shown={v.version} />
        </div>

        <aside aria-label="Package details" className="space-y-5 lg:border-l lg:border-gray-200 lg:pl-6">
          {canManage && (
            <p>
              <Link
                href={`/account/apikeys?create=1&package=${encodeURIComponent(pkg.packageId)}`}
                className="bg-brand hover:bg-brand-dark inline-block rounded px-4 py-2 text-sm font-medium text-white"
              >
                Create an API key for this package
              </Link>
            </p>
          )}
          <dl className="space-y-4">
            <Fact label="Downloads">
              {pkg.totalDownloads.toLocaleString("en-US")} in all, {v.downloads.toLocaleString("en-US")} of this version
            </Fact>
            <Fact label="Published">
              <LocalTime value={v.createdAt} format="date" />
            </Fact>
            {(v.downloadUrl || v.symbolsUrl) && (
              <Fact label="Files">
                <ul className="space-y-1">
                  {v.downloadUrl && (
                    <li>
                      <a href={v.downloadUrl} className={LINK} download>
                        Download package
                      </a>{" "}
                      <span className="text-gray-700">({formatSize(v.size)})</span>
                    </li>
                  )}
                  {v.symbolsUrl && (
                    <li>
                      <a href={v.symbolsUrl} className={LINK} download>
                        Download symbols
                      </a>
                    </li>
                  )}
                </ul>
              </Fact>
            )}
            {v.projectUrl && (
              <Fact label="Project website">
                <a href={v.projectUrl} {...EXTERNAL} className={LINK}>
                  {v.projectUrl}
                </a>
              </Fact>
            )}
            {(v.licenseExpression || v.licenseUrl) && (
              <Fact label="License">
                {v.licenseExpression ? (
                  <a
                    href={`https://licenses.nuget.org/${encodeURIComponent(v.licenseExpression)}`}
                    {...EXTERNAL}
                    className={LINK}
                  >
                    {v.licenseExpression}
                  </a>
                ) : (
                  <a href={v.licenseUrl!} {...EXTERNAL} className={LINK}>
                    License information
                  </a>
                )}
                {v.requireLicenseAcceptance && (
                  <span className="block text-xs text-gray-700">Requires accepting the license on install.</span>
                )}
              </Fact>
            )}
            <Fact label="Owners">
              {pkg.owner.username}
              {pkg.owner.organization ? " (organization)" : ""}
              {pkg.owner.deleted ? " (deleted account)" : ""}
            </Fact>
            {v.authors.length > 0 && <Fact label="Authors">{v.authors.join(", ")}</Fact>}
            {v.tags.length > 0 && (
              <Fact label="Tags">
                <ul className="flex flex-wrap gap-1.5">
                  {v.tags.map((tag) => (
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
              </Fact>
            )}
          </dl>
        </aside>
      </div>
    </div>
  );
}
