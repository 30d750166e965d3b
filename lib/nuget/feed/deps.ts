import type { Db } from "@/lib/db/client";
import type { PackageStore } from "../storage/store";
import type { DownloadCounter } from "./downloads";

/** What the read side of the feed needs: the database, the package files, the download counter, the origin. */
export type FeedDeps = { db: Db; store: PackageStore; downloads: DownloadCounter; base: string };
