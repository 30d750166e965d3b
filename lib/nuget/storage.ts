import { randomUUID } from "node:crypto";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";

/** Writes a package file under a unique name (temp file, then rename) and returns its path relative to root. */
export async function storePackageFile(root: string, idKey: string, versionKey: string, data: Buffer): Promise<string> {
  const path = join(root, idKey, versionKey, `${idKey}.${versionKey}.${randomUUID()}.nupkg`);
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.partial`;
  try {
    await writeFile(temp, data, { flag: "wx" });
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
