import type { Db } from "@/lib/db/client";
import { addDownloads } from "@/lib/db/feed";

type Pending = { packageDbId: string; count: number; attempts: number };

/**
 * Counts downloads in memory and adds them to the database every few seconds in one transaction, so a restore
 * of many packages costs no write per file. A failed batch is merged back and retried twice before it is dropped.
 */
export class DownloadCounter {
  private pending = new Map<string, Pending>();
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly delayMs = 5000,
  ) {}

  record(versionId: string, packageDbId: string): void {
    const entry = this.pending.get(versionId);
    if (entry) entry.count++;
    else this.pending.set(versionId, { packageDbId, count: 1, attempts: 0 });
    this.schedule(this.delayMs);
  }

  /** Writes every count recorded so far; resolves when they are stored (or dropped after three failures). */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.write());
    return this.flushing;
  }

  private schedule(delayMs: number): void {
    if (this.timer) return;
    this.timer = setTimeout(() => void this.flush(), delayMs);
    // Counting must never keep a process alive; shutdown flushes what is left.
    this.timer.unref();
  }

  private async write(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    try {
      await addDownloads(
        this.db,
        [...batch].map(([versionId, p]) => ({ versionId, packageDbId: p.packageDbId, count: p.count })),
      );
    } catch (error) {
      let kept = 0;
      for (const [versionId, p] of batch) {
        if (++p.attempts >= 3) continue;
        kept += p.count;
        const newer = this.pending.get(versionId);
        if (newer) newer.count += p.count;
        else this.pending.set(versionId, p);
      }
      console.error(
        `[downloads] could not store download counts (${kept} kept for retry): ${(error as Error).message}`,
      );
      if (this.pending.size > 0) this.schedule(this.delayMs);
    }
  }
}
