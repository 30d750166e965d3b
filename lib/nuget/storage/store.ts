import { randomUUID } from "node:crypto";
import type { NupkgSource, RangedSource } from "../nupkg";

/** A stored file opened for download. */
export type StoredFile = { size: number; body: ReadableStream<Uint8Array> };

/**
 * Where package files are kept, by key: the path relative to the store's root that version rows record
 * (`{id}/{version}/{id}.{version}.{unique}.nupkg`), the same whichever backend holds them.
 */
export type PackageStore = {
  /** The local folder whose .uploads subfolder holds uploads while they are received. */
  readonly stagingRoot: string;
  /** Stores a package under the key; a staged file is consumed (moved or sent, then removed). */
  put(key: string, source: NupkgSource): Promise<void>;
  /** The stored file's size, or null when there is none. */
  size(key: string): Promise<number | null>;
  open(key: string): Promise<StoredFile | null>;
  /** The stored file for reading parts of its zip (the .nuspec) without fetching it whole. */
  zipSource(key: string): Promise<{ path: string; size: number } | RangedSource | null>;
  remove(key: string): Promise<void>;
  /** Removes the other .nupkg files of the key's version: leftovers of failed or crashed pushes. */
  removeSiblings(key: string): Promise<void>;
  /** Every key (package files and partial writes) last written before the cutoff, staged uploads aside. */
  listOlderThan(cutoff: Date): Promise<string[]>;
};

export const PARTIAL = ".partial";

export function isPartial(key: string): boolean {
  return key.endsWith(PARTIAL);
}

/** Stores a package file under a fresh unique key in its version's folder and returns that key. */
export async function storePackageFile(
  store: PackageStore,
  idKey: string,
  versionKey: string,
  source: NupkgSource,
  extension: ".nupkg" | ".snupkg" = ".nupkg",
): Promise<string> {
  const key = `${idKey}/${versionKey}/${idKey}.${versionKey}.${randomUUID()}${extension}`;
  await store.put(key, source);
  return key;
}
