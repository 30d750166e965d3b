import type { Db } from "@/lib/db/client";
import type { DownloadCounter } from "./downloads";

/** What the read side of the feed needs: the database, the package files, the download counter, the origin. */
export type FeedDeps = { db: Db; packagesDir: string; downloads: DownloadCounter; base: string };
