import { PrismaLibSQL } from "@prisma/adapter-libsql";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as PostgresClient } from "@gallery/prisma-postgres";
import { PrismaClient } from "@gallery/prisma-sqlite";
import { isPostgresUrl } from "./url";

export type Db = PrismaClient;
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

// SQLite runs one write transaction at a time, so under load a transaction may wait its turn for a while.
const transactionOptions = { maxWait: 10_000, timeout: 15_000 };
const errorFormat = "minimal" as const;

/**
 * A client for the database at this URL (SQLite file or postgres://). The app uses the one in
 * lib/db/client.ts; scripts and tests make their own with this.
 */
export function createDb(url: string): Db {
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
