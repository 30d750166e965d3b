import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";
import type { Db } from "@/lib/db/create-db";
import { DEFAULT_NUPKG_LIMITS } from "@/lib/nuget/nupkg";
import type { ServiceDeps } from "@/lib/nuget/service";
import { UsageRecorder } from "@/lib/nuget/usage";
import { createTestDb, type DbKind, type TestDb } from "./test-db";

/** The push service's dependencies around one database, storing packages in `packagesDir`. */
export function serviceDeps(db: Db, packagesDir: string, extra: Partial<ServiceDeps> = {}): ServiceDeps {
  return {
    db,
    usage: new UsageRecorder(db),
    packagesDir,
    limits: DEFAULT_NUPKG_LIMITS,
    galleryUrl: "http://gallery.test",
    ...extra,
  };
}

export type ServiceFixture = { t: TestDb; deps: ServiceDeps };

/**
 * A fresh database plus the push service's dependencies around it, with a temporary package folder
 * (`deps.packagesDir`), for the enclosing describe block: set up in beforeAll, removed in afterAll.
 * `extra()` adds or replaces dependencies as they are set up; `t` and `deps` are filled in by beforeAll,
 * so read them inside hooks and tests only.
 */
export function useServiceFixture(kind: DbKind, extra: () => Partial<ServiceDeps> = () => ({})): ServiceFixture {
  const fixture: ServiceFixture = { t: {} as TestDb, deps: {} as ServiceDeps };
  beforeAll(async () => {
    Object.assign(fixture.t, await createTestDb(kind));
    Object.assign(fixture.deps, serviceDeps(fixture.t.db, mkdtempSync(join(tmpdir(), "gallery-packages-")), extra()));
  });
  afterAll(async () => {
    await fixture.deps.usage?.flush();
    await fixture.t.drop?.();
    if (fixture.deps.packagesDir) rmSync(fixture.deps.packagesDir, { recursive: true, force: true });
  });
  return fixture;
}

/** A usage batch that failed is retried twice more, then dropped: run those retries now. */
export async function drainUsage(usage: UsageRecorder) {
  for (let i = 0; i < 3; i++) await usage.flush();
}

/** The package files under a packages folder, stored (.nupkg) or half-written (.partial); none if it is missing. */
export function storedFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith(".nupkg") || f.endsWith(".partial"));
}
