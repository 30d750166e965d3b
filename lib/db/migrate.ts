import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, readdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { createClient } from "@libsql/client";
import pg from "pg";
import { isPostgresUrl } from "./url";

const MIGRATIONS_DIR = resolve(process.cwd(), "prisma/migrations");
const TABLE = "_gallery_migrations";

type Migration = { name: string; sql: string; checksum: string };

function loadMigrations(kind: "sqlite" | "postgres"): Migration[] {
  const dir = join(MIGRATIONS_DIR, kind);
  return readdirSync(dir)
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

function pending(migrations: Migration[], applied: Map<string, string>): Migration[] {
  for (const [name, checksum] of applied) {
    const known = migrations.find((m) => m.name === name);
    if (known && known.checksum !== checksum) {
      throw new Error(`Migration ${name} was changed after it was applied; add a new migration instead.`);
    }
  }
  return migrations.filter((m) => !applied.has(m.name));
}

/** Applies the committed SQL migrations not yet recorded in _gallery_migrations; returns their names. */
export async function migrate(url: string): Promise<string[]> {
  return isPostgresUrl(url) ? migratePostgres(url) : migrateSqlite(url);
}

async function migrateSqlite(url: string): Promise<string[]> {
  const file = url.replace(/^file:/, "");
  if (file !== ":memory:") mkdirSync(dirname(resolve(file)), { recursive: true });
  const client = createClient({ url });
  try {
    // WAL lets readers and the writer work at once; the setting is stored in the file.
    if (file !== ":memory:") await client.execute("PRAGMA journal_mode = WAL");
    await client.execute(
      `CREATE TABLE IF NOT EXISTS ${TABLE} (name TEXT PRIMARY KEY, checksum TEXT NOT NULL, applied_at TEXT NOT NULL)`,
    );
    const rows = await client.execute(`SELECT name, checksum FROM ${TABLE}`);
    const applied = new Map(rows.rows.map((r) => [String(r.name), String(r.checksum)]));
    const todo = pending(loadMigrations("sqlite"), applied);
    for (const m of todo) {
      const record = `INSERT INTO ${TABLE} (name, checksum, applied_at) VALUES ('${m.name}', '${m.checksum}', '${new Date().toISOString()}');`;
      try {
        await client.executeMultiple(`BEGIN;\n${m.sql}\n${record}\nCOMMIT;`);
      } catch (error) {
        await client.execute("ROLLBACK").catch(() => undefined);
        throw new Error(`Migration ${m.name} failed: ${(error as Error).message}`);
      }
    }
    return todo.map((m) => m.name);
  } finally {
    client.close();
  }
}

async function migratePostgres(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // One migrator at a time across processes.
    await client.query("SELECT pg_advisory_lock(727274)");
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${TABLE} (name TEXT PRIMARY KEY, checksum TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`,
    );
    const { rows } = await client.query<{ name: string; checksum: string }>(`SELECT name, checksum FROM ${TABLE}`);
    const todo = pending(loadMigrations("postgres"), new Map(rows.map((r) => [r.name, r.checksum])));
    for (const m of todo) {
      try {
        await client.query("BEGIN");
        await client.query(m.sql);
        await client.query(`INSERT INTO ${TABLE} (name, checksum) VALUES ($1, $2)`, [m.name, m.checksum]);
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw new Error(`Migration ${m.name} failed: ${(error as Error).message}`);
      }
    }
    return todo.map((m) => m.name);
  } finally {
    await client.query("SELECT pg_advisory_unlock(727274)").catch(() => undefined);
    await client.end();
  }
}
