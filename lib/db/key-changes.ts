import pg from "pg";
import type { Db, Tx } from "./create-db";
import { isPostgresClient } from "./provider";

/**
 * Tells every instance on one PostgreSQL database which keys changed (LISTEN/NOTIFY): a notice sent inside
 * the change's transaction is delivered only when it commits. Only key ids travel on it.
 */
export const KEY_CHANGES_CHANNEL = "gallery_key_changes";
/** Key ids per notice: PostgreSQL's payload limit is 8000 bytes and an id is about 25. */
const IDS_PER_NOTICE = 250;

const RETRY_MIN_MS = 100;
const RETRY_MAX_MS = 5_000;
const CONNECT_TIMEOUT_MS = 2_000;
/** The listening connection is checked this often; a check unanswered for PING_TIMEOUT_MS counts as lost. */
const PING_EVERY_MS = 1_000;
const PING_TIMEOUT_MS = 2_000;

/** Tells the other instances these keys changed, once `tx` commits; on SQLite (one process) there is nobody to tell. */
export async function announceKeyChanges(tx: Db | Tx, keyIds: readonly string[]): Promise<void> {
  if (!isPostgresClient(tx)) return;
  for (let i = 0; i < keyIds.length; i += IDS_PER_NOTICE) {
    const payload = keyIds.slice(i, i + IDS_PER_NOTICE).join(" ");
    await tx.$executeRaw`SELECT pg_notify(${KEY_CHANGES_CHANNEL}, ${payload})`;
  }
}

/** What the listener drives: a key cache. */
export type KeyChangeSink = {
  forget(keyIds: readonly string[]): void;
  /** Nothing heard from the bus can be trusted any more: drop everything and keep nothing. */
  suspend(): void;
  /** Listening again: anything may have changed meanwhile, so start from empty and keep keys again. */
  resume(): void;
};

/**
 * One dedicated connection that LISTENs for key changes, reconnecting with backoff when it is lost. While it
 * is not listening (before the first LISTEN, after a loss, while reconnecting) its sink is suspended.
 */
export class KeyChangeListener {
  private client: pg.Client | null = null;
  private sink: KeyChangeSink | null = null;
  private firstAttempt: Promise<void> | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  private retryMs = RETRY_MIN_MS;
  private outage = false;
  /** The listening connection's server process, while there is one (tests end it to cut the bus). */
  backendPid: number | null = null;

  constructor(private readonly url: string) {}

  /** Starts listening, once; resolves when the first attempt has connected or failed. */
  start(sink: KeyChangeSink): Promise<void> {
    if (!this.firstAttempt) {
      this.sink = sink;
      this.firstAttempt = this.connect();
    }
    return this.firstAttempt;
  }

  /** Stops listening; a later start() listens again. */
  async close(): Promise<void> {
    const client = this.client;
    this.firstAttempt = null;
    this.stopTimers();
    this.drop(client);
    this.sink?.suspend();
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.url,
      keepAlive: true,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    });
    this.client = client;
    client.on("error", (error) => this.lost(client, error));
    client.on("end", () => this.lost(client, new Error("the connection ended")));
    client.on("notification", (notice) => {
      if (this.client === client && notice.channel === KEY_CHANGES_CHANNEL) {
        this.sink?.forget((notice.payload ?? "").split(" ").filter(Boolean));
      }
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${KEY_CHANGES_CHANNEL}`);
      const { rows } = await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
      if (this.client !== client) {
        // Closed while connecting.
        await client.end().catch(() => undefined);
        return;
      }
      this.backendPid = rows[0]?.pid ?? null;
      this.retryMs = RETRY_MIN_MS;
      if (this.outage) console.log("[keys] listening for key changes again: the key cache is back on");
      this.outage = false;
      this.sink?.resume();
      this.startHeartbeat(client);
    } catch (error) {
      if (this.client === client) this.lost(client, error);
      else await client.end().catch(() => undefined);
    }
  }

  // A connection that died without a word is noticed when a query on it goes unanswered.
  private startHeartbeat(client: pg.Client): void {
    let sentAt: number | null = null;
    this.heartbeat = setInterval(() => {
      if (sentAt !== null) {
        if (Date.now() - sentAt > PING_TIMEOUT_MS) this.lost(client, new Error("the connection stopped answering"));
        return;
      }
      sentAt = Date.now();
      client.query("SELECT 1").then(
        () => (sentAt = null),
        (error: unknown) => this.lost(client, error),
      );
    }, PING_EVERY_MS);
    this.heartbeat.unref();
  }

  private lost(client: pg.Client, error: unknown): void {
    if (this.client !== client) return;
    this.stopTimers();
    this.drop(client);
    void client.end().catch(() => undefined);
    this.sink?.suspend();
    if (!this.outage) {
      console.error(
        `[keys] not listening for key changes (${(error as Error)?.message ?? error}): the key cache is off until it reconnects`,
      );
      this.outage = true;
    }
    this.retryTimer = setTimeout(() => void this.connect(), this.retryMs);
    this.retryTimer.unref();
    this.retryMs = Math.min(this.retryMs * 2, RETRY_MAX_MS);
  }

  private drop(client: pg.Client | null): void {
    if (!client) return;
    // Late errors of a connection given up on are expected; they must not reach the process.
    client.removeAllListeners();
    client.on("error", () => undefined);
    if (this.client === client) {
      this.client = null;
      this.backendPid = null;
    }
  }

  private stopTimers(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.retryTimer = null;
    this.heartbeat = null;
  }
}
