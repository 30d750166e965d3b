// The package store on each backend for tests: a temporary folder, or a bucket on a loopback S3 server.
import { mkdtempSync, rmSync } from "node:fs";
import { utimes } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";
import { fsPackageStore, s3PackageStore, type PackageStore } from "@/lib/nuget/storage";
import { listStagedOlderThan } from "@/lib/nuget/storage/staging";
import { S3RVER_CREDENTIALS, startS3Server } from "./s3-server";

export const STORES = ["fs", "s3"] as const;
export type StoreKind = (typeof STORES)[number];

export type TestStore = {
  store: PackageStore;
  /** Sets when a stored key was last written, as the orphan sweep sees it. */
  age: (key: string, when: Date) => Promise<void>;
  dispose: () => Promise<void>;
};

const FAR_FUTURE = new Date(8.64e15);
/** Keys in the bucket sit under this folder, so the prefix is exercised too. */
export const S3_TEST_PREFIX = "gallery/";

export async function createTestStore(kind: StoreKind): Promise<TestStore> {
  const root = mkdtempSync(join(tmpdir(), "gallery-packages-"));
  const removeRoot = () => rmSync(root, { recursive: true, force: true });
  if (kind === "fs") {
    return {
      store: fsPackageStore(root),
      age: (key, when) => utimes(join(root, key), when, when),
      dispose: async () => removeRoot(),
    };
  }
  const server = await startS3Server();
  return {
    store: s3PackageStore({
      stagingRoot: root,
      bucket: server.bucket,
      region: "us-east-1",
      endpoint: server.endpoint,
      forcePathStyle: true,
      prefix: S3_TEST_PREFIX,
      credentials: S3RVER_CREDENTIALS,
    }),
    age: (key, when) => server.age(`${S3_TEST_PREFIX}${key}`, when),
    dispose: async () => {
      await server.stop();
      removeRoot();
    },
  };
}

/** A store for the enclosing describe block: set up in beforeAll, removed in afterAll. */
export function useTestStore(kind: StoreKind): TestStore {
  const fixture = {} as TestStore;
  beforeAll(async () => {
    Object.assign(fixture, await createTestStore(kind));
  });
  afterAll(async () => {
    await fixture.dispose?.();
  });
  return fixture;
}

/** Every package file (.nupkg) and partial write in a store, staged uploads included. */
export async function storedFiles(store: PackageStore): Promise<string[]> {
  const keys = [
    ...(await store.listOlderThan(FAR_FUTURE)),
    ...(await listStagedOlderThan(store.stagingRoot, FAR_FUTURE)),
  ];
  return keys.filter((key) => key.endsWith(".nupkg") || key.endsWith(".partial"));
}
