import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";
import { PackageDetails } from "@/components/packages/package-details";
import { currentUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { canActFor } from "@/lib/db/owners";
import { loadPackagePage } from "@/lib/packages/page";
import { installCommands } from "@/lib/packages/present";
import { pageRequest, requireParam } from "@/lib/page-params";
import { requestOrigin } from "@/lib/security/origin";

export type PackageParams = Promise<{ id: string; version?: string }>;

/** The page's package, looked up once for the metadata and the page; 404 for anything malformed or unknown. */
const load = cache(async (rawId: string, rawVersion: string | undefined) => {
  const id = requireParam(rawId, 100);
  const version = rawVersion === undefined ? undefined : requireParam(rawVersion, 64);
  return (await loadPackagePage(db, id, version)) ?? notFound();
});

export async function packageMetadata(params: PackageParams): Promise<Metadata> {
  const { id, version } = await params;
  const pkg = await load(id, version);
  const description = pkg.shown.summary || pkg.shown.description;
  return {
    title: version === undefined ? pkg.packageId : `${pkg.packageId} ${pkg.shown.version}`,
    description: description.length > 200 ? `${description.slice(0, 199)}…` : description || undefined,
    // Unlisted versions stay out of search engines as they stay out of search.
    ...(pkg.shown.listed ? {} : { robots: { index: false } }),
  };
}

export async function PackagePage({ params }: { params: PackageParams }) {
  const { id, version } = await params;
  const pkg = await load(id, version);
  const user = await currentUser();
  const canManage = user !== null && (await canActFor(db, user.id, pkg.ownerId));
  const origin = requestOrigin(await pageRequest());
  return (
    <PackageDetails
      pkg={pkg}
      commands={installCommands(pkg.packageId, pkg.shown.version, origin)}
      canManage={canManage}
    />
  );
}
