import { randomBytes } from "node:crypto";
import { existsSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { buildNupkg } from "@/tests/support/build-nupkg";
import { STORES, useTestStore } from "@/tests/support/package-stores";
import { S3RVER_CREDENTIALS, startS3Server } from "@/tests/support/s3-server";
import { extractNuspec } from "../nupkg";
import { s3PackageStore } from "./s3";
import { stagingPath } from "./staging";
import { storePackageFile } from "./store";

const HOUR = 60 * 60 * 1000;

async function bytesOf(body: ReadableStream<Uint8Array>): Promise<Buffer> {
  return Buffer.from(await new Response(body).arrayBuffer());
}

describe.each(STORES)("the package store on %s", (kind) => {
  const files = useTestStore(kind);

  it("stores bytes under a fresh key in the version's folder and opens them again with their size", async () => {
    const bytes = await buildNupkg({ id: "Store.Bytes", version: "1.0.0" });
    const key = await storePackageFile(files.store, "store.bytes", "1.0.0", bytes);
    expect(key).toMatch(/^store\.bytes\/1\.0\.0\/store\.bytes\.1\.0\.0\.[0-9a-f-]{36}\.nupkg$/);
    expect(await files.store.size(key)).toBe(bytes.length);
    const opened = await files.store.open(key);
    expect(opened?.size).toBe(bytes.length);
    expect(await bytesOf(opened!.body)).toEqual(bytes);
    const again = await storePackageFile(files.store, "store.bytes", "1.0.0", bytes);
    expect(again).not.toBe(key);
  });

  it("takes a staged upload, large enough to go in parts, and removes the staged file", async () => {
    const bytes = randomBytes(12 * 1024 * 1024);
    const staged = await stagingPath(files.store.stagingRoot);
    writeFileSync(staged, bytes);
    const key = await storePackageFile(files.store, "store.large", "1.0.0", { path: staged, size: bytes.length });
    expect(existsSync(staged)).toBe(false);
    const opened = await files.store.open(key);
    expect(opened?.size).toBe(bytes.length);
    expect((await bytesOf(opened!.body)).equals(bytes)).toBe(true);
  });

  it("reads a stored package's manifest without a copy of the package", async () => {
    const bytes = await buildNupkg({
      id: "Store.Manifest",
      version: "2.0.0",
      files: { "lib/x.dll": randomBytes(300_000) },
    });
    const key = await storePackageFile(files.store, "store.manifest", "2.0.0", bytes);
    const source = await files.store.zipSource(key);
    expect(source?.size).toBe(bytes.length);
    expect(await extractNuspec(source!)).toEqual(await extractNuspec(bytes));
  });

  it("answers null for a key that holds nothing, and removing it is no error", async () => {
    const key = "store.none/1.0.0/store.none.1.0.0.nupkg";
    expect(await files.store.size(key)).toBeNull();
    expect(await files.store.open(key)).toBeNull();
    expect(await files.store.zipSource(key)).toBeNull();
    await files.store.remove(key);
  });

  it("removes a key, and a version's other .nupkg files but not its symbols or other versions", async () => {
    const put = (version: string, extension: ".nupkg" | ".snupkg" = ".nupkg") =>
      storePackageFile(files.store, "store.siblings", version, Buffer.from(version), extension);
    const [kept, leftover, other, symbols, elsewhere] = [
      await put("1.0.0"),
      await put("1.0.0"),
      await put("1.0.0"),
      await put("1.0.0", ".snupkg"),
      await put("1.0.1"),
    ];
    await files.store.remove(other!);
    expect(await files.store.size(other!)).toBeNull();
    await files.store.removeSiblings(kept!);
    expect(await files.store.size(kept!)).toBe(5);
    expect(await files.store.size(leftover!)).toBeNull();
    expect(await files.store.size(symbols!)).toBe(5);
    expect(await files.store.size(elsewhere!)).toBe(5);
  });

  it("lists the keys last written before a cutoff, leaving staged uploads to their own sweep", async () => {
    const old = await storePackageFile(files.store, "store.ages", "1.0.0", Buffer.from("old"));
    const fresh = await storePackageFile(files.store, "store.ages", "2.0.0", Buffer.from("fresh"));
    await files.age(old, new Date(Date.now() - 2 * HOUR));
    writeFileSync(await stagingPath(files.store.stagingRoot), "staged");
    const listed = await files.store.listOlderThan(new Date(Date.now() - HOUR));
    expect(listed).toContain(old);
    expect(listed).not.toContain(fresh);
    expect(listed.filter((key) => key.startsWith(".uploads/"))).toEqual([]);
    expect(await files.store.listOlderThan(new Date(Date.now() + HOUR))).toContain(fresh);
  });
});

describe("the package store on s3", () => {
  it("keeps to its prefix: two stores in one bucket see only their own keys", async () => {
    const server = await startS3Server();
    try {
      const store = (prefix: string) =>
        s3PackageStore({
          stagingRoot: "unused",
          bucket: server.bucket,
          region: "us-east-1",
          endpoint: server.endpoint,
          forcePathStyle: true,
          prefix,
          credentials: S3RVER_CREDENTIALS,
        });
      const [a, b] = [store("a/"), store("b/")];
      const key = await storePackageFile(a, "prefixed", "1.0.0", Buffer.from("a"));
      expect(await a.size(key)).toBe(1);
      expect(await b.size(key)).toBeNull();
      const later = new Date(Date.now() + HOUR);
      expect(await a.listOlderThan(later)).toEqual([key]);
      expect(await b.listOlderThan(later)).toEqual([]);
      await b.removeSiblings(`prefixed/1.0.0/other.nupkg`);
      expect(await a.size(key)).toBe(1);
    } finally {
      await server.stop();
    }
  });
});
