import { PrismaLibSQL } from "@prisma/adapter-libsql";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as PostgresClient } from "@gallery/prisma-postgres";
import { PrismaClient } from "@gallery/prisma-sqlite";
import { databaseUrl, isPostgresUrl } from "./url";

export type Db = PrismaClient;
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

// SQLite runs one write transaction at a time, so under load a transaction may wait its turn for a while.
const transactionOptions = { maxWait: 10_000, timeout: 15_000 };
const errorFormat = "minimal" as const;

export function createDb(url: string = databaseUrl()): Db {
  if (isPostgresUrl(url)) {
    // Both clients come from one schema, so their query API is the same.
    return new PostgresClient({
      adapter: new PrismaPg({ connectionString: url }),
      transactionOptions,
      errorFormat,
    }) as unknown as Db;
  }
  return new PrismaClient({ adapter: new PrismaLibSQL({ url }), transactionOptions, errorFormat });
}

const globalForDb = globalThis as unknown as { galleryDb?: Db };

export const db: Db = globalForDb.galleryDb ?? createDb();
if (process.env.NODE_ENV !== "production") globalForDb.galleryDb = db;
