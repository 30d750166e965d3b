import { randomUUID } from "node:crypto";
import { mkdir, readdir, rename, rm, stat, writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import type { NupkgSource } from "./nupkg";

/** Uploads are staged here, under the packages root, so storing one is a rename on the same disk. */
const STAGING_DIR = ".uploads";
const PARTIAL = ".partial";

/** A fresh path for an upload in progress. */
export async function stagingPath(root: string): Promise<string> {
  const dir = join(root, STAGING_DIR);
  await mkdir(dir, { recursive: true });
  return join(dir, `${randomUUID()}${PARTIAL}`);
}

/**
 * Puts a package file in place under a unique name and returns its path relative to root: a staged upload
 * is renamed, bytes are written to a temporary file first. Either way a crash leaves only a .partial.
 */
export async function storePackageFile(
  root: string,
  idKey: string,
  versionKey: string,
  source: NupkgSource,
  extension: ".nupkg" | ".snupkg" = ".nupkg",
): Promise<string> {
  const path = join(root, idKey, versionKey, `${idKey}.${versionKey}.${randomUUID()}${extension}`);
  await mkdir(dirname(path), { recursive: true });
  if (!Buffer.isBuffer(source)) {
    await rename(source.path, path);
    return relative(root, path);
  }
  const temp = `${path}${PARTIAL}`;
  try {
    await writeFile(temp, source, { flag: "wx" });
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  return relative(root, path);
}

export async function removePackageFile(root: string, storagePath: string): Promise<void> {
  await rm(join(root, storagePath), { force: true });
}

/** Once a version's row exists, other files in its folder are leftovers of failed or crashed pushes. */
export async function removeSiblingFiles(root: string, storagePath: string): Promise<void> {
  const dir = dirname(join(root, storagePath));
  const keep = join(root, storagePath);
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    const path = join(dir, name);
    if (path !== keep && name.endsWith(".nupkg")) await rm(path, { force: true });
  }
}

/** Every file under the packages root older than the cutoff, as paths relative to root. */
export async function listFilesOlderThan(root: string, cutoff: Date): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  const old: string[] = [];
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const info = await stat(path).catch(() => null);
    if (info && info.mtime < cutoff) old.push(relative(root, path));
  }
  return old;
}

export function isPartial(storagePath: string): boolean {
  return storagePath.endsWith(PARTIAL);
}
