// Fresh databases for tests, without the test runner, so the e2e suite can use them too.
import { randomBytes } from "node:crypto";
import { mkdirSync, rmSync } from "node:fs";
import pg from "pg";
import { createDb, type Db } from "@/lib/db/create-db";
import { migrate } from "@/lib/db/migrate";

export type DbKind = "sqlite" | "postgres";

/** The databases this run covers: scripts/test.mjs sets TEST_DATABASES=sqlite,postgres when PostgreSQL is up. */
export const DATABASES = (process.env.TEST_DATABASES ?? "sqlite").split(",").filter(Boolean) as DbKind[];

export const POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/test";

export type TestDb = { db: Db; url: string; drop: () => Promise<void> };

/** A freshly migrated, empty database of the given kind. */
export async function createTestDb(kind: DbKind): Promise<TestDb> {
  const name = `gallery_t_${randomBytes(6).toString("hex")}`;
  if (kind === "sqlite") {
    mkdirSync(".tmp", { recursive: true });
    const file = `.tmp/${name}.db`;
    const url = `file:./${file}`;
    await migrate(url);
    const db = createDb(url);
    return {
      db,
      url,
      drop: async () => {
        await db.$disconnect();
        for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(file + suffix, { force: true });
      },
    };
  }
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  await migrate(url.toString());
  const db = createDb(url.toString());
  return {
    db,
    url: url.toString(),
    drop: async () => {
      await db.$disconnect();
      const client = new pg.Client({ connectionString: POSTGRES_URL });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}
