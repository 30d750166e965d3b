import { randomUUID } from "node:crypto";
import { mkdir, readdir, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { PARTIAL } from "./store";

/** Uploads are staged here, under the staging root, so storing one on the same disk is a rename. */
export const STAGING_DIR = ".uploads";

/** A fresh path for an upload in progress. */
export async function stagingPath(root: string): Promise<string> {
  const dir = join(root, STAGING_DIR);
  await mkdir(dir, { recursive: true });
  return join(dir, `${randomUUID()}${PARTIAL}`);
}

/** Staged uploads last written before the cutoff, as paths relative to the staging root. */
export async function listStagedOlderThan(root: string, cutoff: Date): Promise<string[]> {
  const dir = join(root, STAGING_DIR);
  const old: string[] = [];
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    const info = await stat(join(dir, name)).catch(() => null);
    if (info?.isFile() && info.mtime < cutoff) old.push(`${STAGING_DIR}/${name}`);
  }
  return old;
}

export async function removeStaged(root: string, path: string): Promise<void> {
  await rm(join(root, path), { force: true });
}
