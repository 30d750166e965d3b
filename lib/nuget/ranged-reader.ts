import { Readable } from "node:stream";
import * as yauzl from "yauzl";

/** A package read by byte ranges (`end` exclusive): a file in object storage, fetched part by part. */
export type RangedSource = { size: number; read: (start: number, end: number) => Promise<Buffer> };

/** Ranges are fetched in whole blocks, so reading a zip's central directory entry by entry costs a few requests. */
export const BLOCK_BYTES = 64 * 1024;
const MAX_BLOCKS = 64;

/** yauzl's random access over a ranged source, with a small cache of blocks; remembers the first failed read. */
export class RangedReader extends yauzl.RandomAccessReader {
  private readonly blocks = new Map<number, Promise<Buffer>>();
  failure: unknown = null;

  constructor(private readonly source: RangedSource) {
    super();
  }

  override _readStreamForRange(start: number, end: number): Readable {
    return Readable.from(this.bytes(start, end), { objectMode: false });
  }

  private async *bytes(start: number, end: number): AsyncGenerator<Buffer> {
    if (end <= start) return;
    const first = Math.floor(start / BLOCK_BYTES);
    const last = Math.floor((end - 1) / BLOCK_BYTES);
    const blocks = this.blocksFor(first, last);
    for (const [i, pending] of blocks.entries()) {
      const block = await pending;
      const offset = (first + i) * BLOCK_BYTES;
      yield block.subarray(Math.max(start - offset, 0), Math.min(end - offset, block.length));
    }
  }

  /** Blocks first to last, fetching each run of missing ones with one ranged read. */
  private blocksFor(first: number, last: number): Promise<Buffer>[] {
    let index = first;
    while (index <= last) {
      if (this.blocks.has(index)) {
        index++;
        continue;
      }
      const runStart = index;
      while (index <= last && !this.blocks.has(index)) index++;
      const from = runStart * BLOCK_BYTES;
      const run = this.source.read(from, Math.min(index * BLOCK_BYTES, this.source.size)).catch((error: unknown) => {
        this.failure ??= error;
        throw error;
      });
      for (let i = runStart; i < index; i++) {
        const offset = (i - runStart) * BLOCK_BYTES;
        const block = run.then((bytes) => bytes.subarray(offset, offset + BLOCK_BYTES));
        block.catch(() => undefined);
        this.blocks.set(i, block);
      }
    }
    const blocks = Array.from({ length: last - first + 1 }, (_, i) => this.blocks.get(first + i)!);
    while (this.blocks.size > MAX_BLOCKS) this.blocks.delete(this.blocks.keys().next().value!);
    return blocks;
  }
}
