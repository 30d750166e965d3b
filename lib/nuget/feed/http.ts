import "server-only";
import { db } from "@/lib/db/client";
import { requestOrigin } from "@/lib/security/origin";
import { onShutdown } from "@/lib/shutdown";
import { packageStore } from "../storage/server";
import type { FeedDeps } from "./deps";
import { DownloadCounter } from "./downloads";

const globalForDownloads = globalThis as unknown as { galleryDownloads?: DownloadCounter };
const downloads = (globalForDownloads.galleryDownloads ??= createDownloadCounter());

function createDownloadCounter(): DownloadCounter {
  const counter = new DownloadCounter(db);
  onShutdown(() => counter.flush());
  return counter;
}

/** The feed's dependencies for one request: anonymous, with no key check and no rate limit on the way. */
export function feedDeps(request: Request): FeedDeps {
  return { db, store: packageStore(), downloads, base: requestOrigin(request) };
}
