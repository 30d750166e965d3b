import { createReadStream } from "node:fs";
import { mkdir, readdir, rename, rm, stat, writeFile } from "node:fs/promises";
import { dirname, join, relative, sep } from "node:path";
import { Readable } from "node:stream";
import type { NupkgSource } from "../nupkg";
import { STAGING_DIR } from "./staging";
import { PARTIAL, type PackageStore } from "./store";

/** Package files in a folder on this machine; uploads are staged in the same folder, so storing one is a rename. */
export function fsPackageStore(root: string): PackageStore {
  const pathOf = (key: string) => join(root, key);
  const fileSize = async (key: string) => {
    const info = await stat(pathOf(key)).catch(() => null);
    return info?.isFile() ? info.size : null;
  };

  return {
    stagingRoot: root,

    // A staged upload is renamed, bytes go to a temporary file first: either way a crash leaves only a .partial.
    async put(key: string, source: NupkgSource) {
      const path = pathOf(key);
      await mkdir(dirname(path), { recursive: true });
      if (!Buffer.isBuffer(source)) return rename(source.path, path);
      const temp = `${path}${PARTIAL}`;
      try {
        await writeFile(temp, source, { flag: "wx" });
        await rename(temp, path);
      } catch (error) {
        await rm(temp, { force: true });
        throw error;
      }
    },

    size: fileSize,

    async open(key: string) {
      const size = await fileSize(key);
      if (size === null) return null;
      const body = Readable.toWeb(createReadStream(pathOf(key))) as unknown as ReadableStream<Uint8Array>;
      return { size, body };
    },

    async zipSource(key: string) {
      const size = await fileSize(key);
      return size === null ? null : { path: pathOf(key), size };
    },

    async remove(key: string) {
      await rm(pathOf(key), { force: true });
    },

    async removeSiblings(key: string) {
      const keep = pathOf(key);
      const dir = dirname(keep);
      for (const name of await readdir(dir).catch(() => [] as string[])) {
        const path = join(dir, name);
        if (path !== keep && name.endsWith(".nupkg")) await rm(path, { force: true });
      }
    },

    async listOlderThan(cutoff: Date) {
      const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
      const old: string[] = [];
      for (const entry of entries) {
        if (!entry.isFile()) continue;
        const path = join(entry.parentPath, entry.name);
        const key = relative(root, path).split(sep).join("/");
        if (key.startsWith(`${STAGING_DIR}/`)) continue;
        const info = await stat(path).catch(() => null);
        if (info && info.mtime < cutoff) old.push(key);
      }
      return old;
    },
  };
}
