// Byte-level edits of built zips, to make the damaged and hostile uploads a real client never sends.
import { expect } from "vitest";

export const LOCAL_HEADER = 0x04034b50;
export const CENTRAL_HEADER = 0x02014b50;

/** Offsets of zip headers with the given 4-byte signature (our entries hold text, so no false hits). */
export function headerOffsets(zip: Buffer, signature: number): number[] {
  const found: number[] = [];
  for (let i = 0; i + 4 <= zip.length; i++) if (zip.readUInt32LE(i) === signature) found.push(i);
  return found;
}

/** Offset of the central directory header whose file name is `name`. */
function centralHeaderOffset(zip: Buffer, name: string): number {
  for (const at of headerOffsets(zip, CENTRAL_HEADER)) {
    const nameLength = zip.readUInt16LE(at + 28);
    if (zip.subarray(at + 46, at + 46 + nameLength).toString("utf8") === name) return at;
  }
  throw new Error(`no central directory entry for ${name}`);
}

/** Rewrites the uncompressed size the central directory declares for one entry. */
export function declareSize(zip: Buffer, name: string, size: number): Buffer {
  const patched = Buffer.from(zip);
  patched.writeUInt32LE(size, centralHeaderOffset(patched, name) + 24);
  return patched;
}

/** Renames an entry in place (local and central headers); names must have the same byte length. */
export function renameEntry(zip: Buffer, from: string, to: string): Buffer {
  const source = Buffer.from(from, "utf8");
  const target = Buffer.from(to, "utf8");
  expect(target.length).toBe(source.length);
  const patched = Buffer.from(zip);
  for (let at = patched.indexOf(source); at !== -1; at = patched.indexOf(source, at + 1)) target.copy(patched, at);
  return patched;
}

/**
 * Renames entries in place by their exact file-name field, in local and central headers: yazl refuses
 * unsafe names, so a zip is built with same-length placeholder names that this patches afterwards.
 */
export function renameEntries(zip: Buffer, renames: Map<string, Buffer>): void {
  for (const [signature, lengthAt, nameAt] of [
    [LOCAL_HEADER, 26, 30],
    [CENTRAL_HEADER, 28, 46],
  ] as const) {
    for (const at of headerOffsets(zip, signature)) {
      const length = zip.readUInt16LE(at + lengthAt);
      renames.get(zip.subarray(at + nameAt, at + nameAt + length).toString("latin1"))?.copy(zip, at + nameAt);
    }
  }
}
