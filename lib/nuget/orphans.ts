import type { Db } from "@/lib/db/create-db";
import { findStoredPaths } from "@/lib/db/packages";
import { listStagedOlderThan, removeStaged } from "./storage/staging";
import { isPartial, type PackageStore } from "./storage/store";

/** Files younger than this may belong to a push still in flight. */
export const ORPHAN_GRACE_MS = 15 * 60 * 1000;

/**
 * Removes what crashes leave behind, in the store and among staged uploads: partial files, and package files no
 * version row points at. Only files older than the grace period are touched. Returns the keys removed.
 */
export async function sweepOrphanFiles(db: Db, store: PackageStore, now = new Date(), graceMs = ORPHAN_GRACE_MS) {
  const cutoff = new Date(now.getTime() - graceMs);
  const staged = await listStagedOlderThan(store.stagingRoot, cutoff);
  for (const path of staged) await removeStaged(store.stagingRoot, path);
  const old = await store.listOlderThan(cutoff);
  const partials = old.filter(isPartial);
  const packages = old.filter((key) => key.endsWith(".nupkg") || key.endsWith(".snupkg"));
  const stored = await findStoredPaths(db, packages);
  const orphans = [...partials, ...packages.filter((key) => !stored.has(key))];
  for (const key of orphans) await store.remove(key);
  return [...staged, ...orphans];
}
