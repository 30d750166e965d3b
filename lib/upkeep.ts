import "server-only";
import { db } from "@/lib/db/client";
import { runOncePerPeriod } from "@/lib/jobs/single-run";
import { deliverOutbox } from "@/lib/mail/outbox";
import { sweepOrphanFiles } from "@/lib/nuget/orphans";
import { packageStore } from "@/lib/nuget/storage/server";

const SWEEP_EVERY_MS = 60 * 60 * 1000;
/** Mails held back by the per-recipient limit go out once their hour allows. */
const DELIVER_EVERY_MS = 5 * 60 * 1000;

async function sweep(): Promise<void> {
  try {
    const run = await runOncePerPeriod(db, "orphan-sweep", SWEEP_EVERY_MS, () =>
      sweepOrphanFiles(db, packageStore()),
    );
    if (run.ran && run.result.length > 0) console.log(`[upkeep] removed ${run.result.length} orphaned package files`);
  } catch (error) {
    console.error(`[upkeep] orphan sweep failed: ${(error as Error).message}`);
  }
}

async function deliver(): Promise<void> {
  try {
    await runOncePerPeriod(db, "outbox-delivery", DELIVER_EVERY_MS, () => deliverOutbox(db));
  } catch (error) {
    console.error(`[upkeep] mail delivery failed: ${(error as Error).message}`);
  }
}

/**
 * Background upkeep of a running server: the orphan sweep at start and hourly, held mails every few minutes.
 * With several instances on PostgreSQL each runs once per period across them (lib/jobs/single-run.ts).
 */
export function startUpkeep(): void {
  void sweep();
  setInterval(() => void sweep(), SWEEP_EVERY_MS).unref();
  setInterval(() => void deliver(), DELIVER_EVERY_MS).unref();
}
