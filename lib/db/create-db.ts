import { PrismaLibSQL } from "@prisma/adapter-libsql";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as PostgresClient } from "@gallery/prisma-postgres";
import { PrismaClient } from "@gallery/prisma-sqlite";
import { attachKeyCache, sharedKeyCache, type KeyCache } from "./key-cache";
import { isPostgresUrl } from "./url";

export type Db = PrismaClient;
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

// SQLite runs one write transaction at a time, so under load a transaction may wait its turn for a while.
const transactionOptions = { maxWait: 10_000, timeout: 15_000 };
const errorFormat = "minimal" as const;

export type DbOptions = {
  /** The key cache of another gallery instance on the same database (tests); by default one per URL and process. */
  keyCache?: KeyCache;
};

/**
 * A client for the database at this URL (SQLite file or postgres://). The app uses the one in
 * lib/db/client.ts; scripts and tests make their own with this.
 */
export function createDb(url: string, { keyCache = sharedKeyCache(url) }: DbOptions = {}): Db {
  const client = isPostgresUrl(url)
    ? // Both clients come from one schema, so their query API is the same.
      (new PostgresClient({
        adapter: new PrismaPg({ connectionString: url }),
        transactionOptions,
        errorFormat,
      }) as unknown as Db)
    : new PrismaClient({ adapter: new PrismaLibSQL({ url }), transactionOptions, errorFormat });
  attachKeyCache(client, keyCache);
  // The connection that listens for key changes closes with the client.
  const disconnect = client.$disconnect.bind(client);
  client.$disconnect = async () => {
    await keyCache.close();
    await disconnect();
  };
  return client;
}
