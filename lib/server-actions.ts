import "server-only";
import { after } from "next/server";
import { db } from "@/lib/db/client";
import { deliverOutbox } from "@/lib/mail/outbox";
import type { Result } from "@/lib/result";

/** After a successful change: refresh the pages that show it, and send its mails once the answer is out. */
export function settle<T>(result: Result<T>, refresh: () => void): Result<T> {
  if (result.ok) {
    refresh();
    after(() => deliverOutbox(db).catch((error: Error) => console.error(`[mail] ${error.message}`)));
  }
  return result;
}
