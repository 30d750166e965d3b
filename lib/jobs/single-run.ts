import type { Db } from "@/lib/db/client";
import { jobFinishedIn, recordJobFinished, tryLockJob } from "@/lib/db/job-runs";
import { isPostgresClient } from "@/lib/db/provider";

export type JobRunOutcome<T> = { ran: true; result: T } | { ran: false; reason: string };

export const RUNNING_ELSEWHERE = "another instance is running it now";
export const ALREADY_RAN = "it already ran in this period";

/** The start of the period `now` falls in; periods are aligned to the epoch, so every instance agrees on them. */
export function periodStart(now: Date, periodMs: number): Date {
  return new Date(Math.floor(now.getTime() / periodMs) * periodMs);
}

/**
 * Runs a periodic job once per period across every instance on one PostgreSQL database: the run holds an
 * advisory lock (released even if the instance dies) and records its period only when it finishes, so a failed
 * run is tried again by the next timer. On SQLite (one machine, one process) it simply runs.
 */
export async function runOncePerPeriod<T>(
  db: Db,
  job: string,
  periodMs: number,
  work: () => Promise<T>,
  now = new Date(),
): Promise<JobRunOutcome<T>> {
  if (!isPostgresClient(db)) return { ran: true, result: await work() };
  const period = periodStart(now, periodMs);
  return db.$transaction(
    async (tx): Promise<JobRunOutcome<T>> => {
      if (!(await tryLockJob(tx, job))) return { ran: false, reason: RUNNING_ELSEWHERE };
      if (await jobFinishedIn(tx, job, period)) return { ran: false, reason: ALREADY_RAN };
      const result = await work();
      await recordJobFinished(tx, job, period, new Date());
      return { ran: true, result };
    },
    // The lock is held for the whole run, which may take most of a period.
    { maxWait: 10_000, timeout: periodMs },
  );
}
