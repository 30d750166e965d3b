// Periodic jobs (expiry with the short-lived key purge, outbox delivery, orphan sweep) run once per period across
// the instances of one PostgreSQL database, never twice; on SQLite (one machine) they run whenever started.
import { randomBytes } from "node:crypto";
import nodemailer from "nodemailer";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createDb, type Db } from "@/lib/db/create-db";
import { newKeyCache } from "@/lib/db/key-cache";
import { runScheduledExpiryJob } from "@/lib/jobs/expiry";
import { ALREADY_RAN, RUNNING_ELSEWHERE, runOncePerPeriod } from "@/lib/jobs/single-run";
import { DAY_MS } from "@/lib/keys/expiry";
import { makeKey, makeUser } from "@/tests/support/factories";
import { DATABASES, useTestDb } from "@/tests/support/test-db";

const HOUR = 60 * 60 * 1000;
const at = (time: string) => new Date(`2026-11-21T${time}Z`);
const jobName = () => `test-job-${randomBytes(4).toString("hex")}`;

/** Work that counts its runs and, until let go, stays running. */
function heldWork() {
  let runs = 0;
  let letGo!: () => void;
  const released = new Promise<void>((resolve) => (letGo = resolve));
  let begun!: () => void;
  const started = new Promise<void>((resolve) => (begun = resolve));
  const work = async () => {
    runs++;
    begun();
    await released;
    return runs;
  };
  return { work, started, letGo, runs: () => runs };
}

describe.skipIf(!DATABASES.includes("postgres"))("periodic jobs on postgres with two instances", () => {
  const t = useTestDb("postgres");
  let other: Db;
  beforeAll(() => {
    other = createDb(t.url, { keyCache: newKeyCache(t.url) });
  });
  afterAll(async () => {
    await other.$disconnect();
  });

  it("runs once per period: the other instance skips it while it runs and after it finished; the next period runs again", async () => {
    const job = jobName();
    const held = heldWork();
    const first = runOncePerPeriod(t.db, job, HOUR, held.work, at("10:15:00"));
    await held.started;
    expect(await runOncePerPeriod(other, job, HOUR, held.work, at("10:15:02"))).toEqual({
      ran: false,
      reason: RUNNING_ELSEWHERE,
    });
    held.letGo();
    expect(await first).toEqual({ ran: true, result: 1 });
    expect(await runOncePerPeriod(other, job, HOUR, held.work, at("10:59:59"))).toEqual({
      ran: false,
      reason: ALREADY_RAN,
    });
    expect(held.runs()).toBe(1);
    expect(await runOncePerPeriod(other, job, HOUR, held.work, at("11:00:00"))).toEqual({ ran: true, result: 2 });
    expect(await runOncePerPeriod(t.db, job, HOUR, held.work, at("11:40:00"))).toMatchObject({ ran: false });
    expect(held.runs()).toBe(2);
  });

  it("two instances starting it at the same moment: exactly one runs it", async () => {
    const job = jobName();
    let runs = 0;
    const work = async () => {
      runs++;
      await t.db.user.count();
    };
    const outcomes = await Promise.all(
      [t.db, other, t.db, other].map((db) => runOncePerPeriod(db, job, HOUR, work, at("12:00:00"))),
    );
    expect(outcomes.filter((o) => o.ran)).toHaveLength(1);
    expect(runs).toBe(1);
  });

  it("a run that fails does not count: the next start in the same period runs it", async () => {
    const job = jobName();
    await expect(
      runOncePerPeriod(t.db, job, HOUR, () => Promise.reject(new Error("SMTP is down")), at("13:05:00")),
    ).rejects.toThrow("SMTP is down");
    expect(await runOncePerPeriod(other, job, HOUR, async () => "sent", at("13:06:00"))).toEqual({
      ran: true,
      result: "sent",
    });
  });

  it("the expiry job started by every instance's scheduler at once queues and sends its mails through one run", async () => {
    const user = await makeUser(t.db);
    const key = await makeKey(t.db, user, { name: "Nearly gone" });
    const now = new Date();
    await t.db.apiKey.update({ where: { id: key.id }, data: { expiresAt: new Date(now.getTime() + 3 * DAY_MS) } });
    const transport = nodemailer.createTransport({ jsonTransport: true });
    const send = vi.spyOn(transport, "sendMail");
    const outcomes = await Promise.all([t.db, other].map((db) => runScheduledExpiryJob(db, { now, transport })));
    expect(outcomes.map((o) => o.ran).sort()).toEqual([false, true]);
    expect(outcomes.find((o) => o.ran)).toMatchObject({ result: { expiring: 1, sent: 1 } });
    expect(send.mock.calls.map(([mail]) => mail.subject)).toEqual(["API key expiring soon: Nearly gone"]);
    expect(await t.db.jobRun.findUnique({ where: { job: "expiry" }, select: { finishedAt: true } })).not.toBeNull();
  });
});

describe("periodic jobs on sqlite, one machine", () => {
  const t = useTestDb("sqlite");

  it("run every time they are started, as they always have", async () => {
    const job = jobName();
    const held = heldWork();
    held.letGo();
    expect(await runOncePerPeriod(t.db, job, HOUR, held.work, at("10:15:00"))).toEqual({ ran: true, result: 1 });
    expect(await runOncePerPeriod(t.db, job, HOUR, held.work, at("10:16:00"))).toEqual({ ran: true, result: 2 });
    expect(await t.db.jobRun.count()).toBe(0);
  });
});
