import type { UsageFacts } from "@/lib/api-keys/views";
import type { Db } from "@/lib/db/client";

export type UsageEntry = UsageFacts & {
  keyId: string;
  keyName: string;
  creatorId: string;
  ownerId: string;
  action: "push" | "symbols" | "unlist" | "relist";
  at: Date;
  /** The change's own transaction already wrote its audit event. */
  audited?: boolean;
  /** False for calls refused before any work, which do not count as using the key. */
  touchesLastUsed?: boolean;
};

/** Text from requests may hold NULs or half of a surrogate pair, which would fail the whole batch. */
function clean(text: string | null, max: number): string | null {
  if (text === null) return null;
  return [...text.replace(/\u0000/g, "")]
    .slice(0, max)
    .join("")
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "\ufffd");
}

function storable(e: UsageEntry): UsageEntry {
  return {
    ...e,
    packageId: clean(e.packageId, 100),
    version: clean(e.version, 64),
    result: clean(e.result, 1000) ?? "",
    ip: clean(e.ip, 64),
    userAgent: clean(e.userAgent, 512),
  };
}

/**
 * Batches usage records, audit events and last-used times off the request path: one transaction
 * per batch instead of three writes per request. A failed batch is retried before it is reported.
 */
export class UsageRecorder {
  private queue: { entry: UsageEntry; attempts: number }[] = [];
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly delayMs = 50,
    private readonly maxBatch = 500,
  ) {}

  record(entry: UsageEntry): void {
    this.queue.push({ entry: storable(entry), attempts: 0 });
    if (this.queue.length >= this.maxBatch) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.delayMs);
  }

  /** Writes everything queued so far; resolves when it is stored. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.writeBatch());
    return this.flushing;
  }

  private async writeBatch(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.queue.splice(0, this.queue.length);
    if (batch.length === 0) return;
    const entries = batch.map((b) => b.entry);
    try {
      const ids = [...new Set(entries.map((e) => e.keyId))];
      const live = new Set(
        (await this.db.apiKey.findMany({ where: { id: { in: ids } }, select: { id: true } })).map((k) => k.id),
      );
      const lastUsed = new Map<string, Date>();
      for (const e of entries) {
        if (e.touchesLastUsed === false) continue;
        if (live.has(e.keyId) && (lastUsed.get(e.keyId)?.getTime() ?? 0) < e.at.getTime()) lastUsed.set(e.keyId, e.at);
      }
      // Key rows first, in id order: inserting usage rows share-locks their keys, and a regenerate that holds a
      // key and then changes its hash would otherwise wait on this batch while the batch waits on it.
      await this.db.$transaction([
        ...[...lastUsed]
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([id, at]) =>
            this.db.apiKey.updateMany({
              where: { id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: at } }] },
              data: { lastUsedAt: at },
            }),
          ),
        this.db.usageEvent.createMany({
          data: entries
            .filter((e) => live.has(e.keyId))
            .map((e) => ({
              keyId: e.keyId,
              createdAt: e.at,
              action: e.action,
              packageId: e.packageId,
              version: e.version,
              status: e.status,
              result: e.result,
              ip: e.ip,
              userAgent: e.userAgent,
            })),
        }),
        this.db.auditEvent.createMany({
          data: entries
            .filter((e) => !e.audited)
            .map((e) => ({
              createdAt: e.at,
              action: `package.${e.action}`,
              actorId: e.creatorId,
              accountId: e.ownerId,
              keyId: e.keyId,
              keyName: e.keyName,
              packageId: e.packageId,
              version: e.version,
              result: `${e.status} ${e.result}`,
              ip: e.ip,
            })),
        }),
      ]);
    } catch (error) {
      const retry = batch.filter((b) => ++b.attempts < 3);
      this.queue.unshift(...retry);
      console.error(
        `[usage] could not store ${batch.length} usage records (${retry.length} retried): ${(error as Error).message}`,
      );
      if (retry.length > 0) this.timer ??= setTimeout(() => void this.flush(), this.delayMs * 10);
    }
  }
}
