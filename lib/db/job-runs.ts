import type { Tx } from "./client";

/** The advisory lock space of periodic jobs (the migrator uses a single-number lock of its own). */
const JOB_LOCK_SPACE = 727275;

/** Takes the job's lock for the rest of the transaction, if no other instance holds it. PostgreSQL only. */
export async function tryLockJob(tx: Tx, job: string): Promise<boolean> {
  const rows = await tx.$queryRaw<{ locked: boolean }[]>`
    SELECT pg_try_advisory_xact_lock(${JOB_LOCK_SPACE}::int, hashtext(${job})) AS locked`;
  return rows[0]?.locked === true;
}

/** Whether a run of the job finished in this period (or a later one, by a clock ahead of ours). */
export async function jobFinishedIn(tx: Tx, job: string, period: Date): Promise<boolean> {
  const row = await tx.jobRun.findUnique({ where: { job }, select: { period: true } });
  return row !== null && row.period.getTime() >= period.getTime();
}

export async function recordJobFinished(tx: Tx, job: string, period: Date, at: Date): Promise<void> {
  await tx.jobRun.upsert({
    where: { job },
    create: { job, period, finishedAt: at },
    update: { period, finishedAt: at },
  });
}
