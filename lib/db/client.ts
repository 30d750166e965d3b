import "server-only";
import { env } from "@/lib/env";
import { onShutdown } from "@/lib/shutdown";
import { createDb, type Db } from "./create-db";

export type { Db, Tx } from "./create-db";

const globalForDb = globalThis as unknown as { galleryDb?: Db };

/** The app's database client, one per process (kept across hot reloads in development). */
export const db: Db = globalForDb.galleryDb ?? createDb(env().DATABASE_URL);
if (env().NODE_ENV !== "production") globalForDb.galleryDb = db;
onShutdown(() => db.$disconnect(), "close");
