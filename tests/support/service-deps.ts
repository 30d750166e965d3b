import { afterAll, beforeAll } from "vitest";
import type { Db } from "@/lib/db/create-db";
import { DEFAULT_NUPKG_LIMITS } from "@/lib/nuget/nupkg";
import type { ServiceDeps } from "@/lib/nuget/service";
import type { PackageStore } from "@/lib/nuget/storage";
import { UsageRecorder } from "@/lib/nuget/usage";
import { createTestStore, type StoreKind, type TestStore } from "./package-stores";
import { createTestDb, type DbKind, type TestDb } from "./test-db";

export { storedFiles } from "./package-stores";

/** The push service's dependencies around one database, storing packages in `store`. */
export function serviceDeps(db: Db, store: PackageStore, extra: Partial<ServiceDeps> = {}): ServiceDeps {
  return {
    db,
    usage: new UsageRecorder(db),
    store,
    limits: DEFAULT_NUPKG_LIMITS,
    galleryUrl: "http://gallery.test",
    ...extra,
  };
}

export type ServiceFixture = { t: TestDb; deps: ServiceDeps; files: TestStore };

/**
 * A fresh database plus the push service's dependencies around it, with a fresh package store (a temporary
 * folder, or a bucket on a loopback S3 server), for the enclosing describe block: set up in beforeAll, removed
 * in afterAll. `extra()` adds or replaces dependencies as they are set up; `t`, `deps` and `files` are filled in
 * by beforeAll, so read them inside hooks and tests only.
 */
export function useServiceFixture(
  kind: DbKind,
  extra: () => Partial<ServiceDeps> = () => ({}),
  storage: StoreKind = "fs",
): ServiceFixture {
  const fixture: ServiceFixture = { t: {} as TestDb, deps: {} as ServiceDeps, files: {} as TestStore };
  beforeAll(async () => {
    Object.assign(fixture.t, await createTestDb(kind));
    Object.assign(fixture.files, await createTestStore(storage));
    Object.assign(fixture.deps, serviceDeps(fixture.t.db, fixture.files.store, extra()));
  });
  afterAll(async () => {
    await fixture.deps.usage?.flush();
    await fixture.t.drop?.();
    await fixture.files.dispose?.();
  });
  return fixture;
}

/** A usage batch that failed is retried twice more, then dropped: run those retries now. */
export async function drainUsage(usage: UsageRecorder) {
  for (let i = 0; i < 3; i++) await usage.flush();
}
