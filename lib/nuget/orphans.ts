import type { Db } from "@/lib/db/create-db";
import { findStoredPaths } from "@/lib/db/packages";
import { isPartial, listFilesOlderThan, removePackageFile } from "./storage";

/** Files younger than this may belong to a push still in flight. */
export const ORPHAN_GRACE_MS = 15 * 60 * 1000;

/**
 * Removes what crashes leave behind under the packages root: partial files, and package files no version
 * row points at. Only files older than the grace period are touched. Returns the paths removed.
 */
export async function sweepOrphanFiles(db: Db, root: string, now = new Date(), graceMs = ORPHAN_GRACE_MS) {
  const old = await listFilesOlderThan(root, new Date(now.getTime() - graceMs));
  const partials = old.filter(isPartial);
  const packages = old.filter((path) => path.endsWith(".nupkg") || path.endsWith(".snupkg"));
  const stored = await findStoredPaths(db, packages);
  const orphans = [...partials, ...packages.filter((path) => !stored.has(path))];
  for (const path of orphans) await removePackageFile(root, path);
  return orphans;
}
