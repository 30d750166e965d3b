import { describe, expect, it } from "vitest";
import { finishSession, SESSION_IDLE_MS, SESSION_LIFETIME_MS, sessionIsLive, startSession } from "@/lib/auth/sessions";
import { makeUser } from "@/tests/support/factories";
import { DATABASES, useTestDb } from "@/tests/support/test-db";

describe.each(DATABASES)("server-side sessions on %s", (kind) => {
  const t = useTestDb(kind);
  const start = new Date("2026-06-01T08:00:00Z");
  const later = (ms: number) => new Date(start.getTime() + ms);

  it("hold until signed out, and only for their own user", async () => {
    const user = await makeUser(t.db);
    const other = await makeUser(t.db);
    const id = await startSession(t.db, user, start);
    expect(await sessionIsLive(t.db, id, user, later(1000))).toBe(true);
    expect(await sessionIsLive(t.db, id, other, later(1000))).toBe(false);
    expect(await sessionIsLive(t.db, "no-such-session", user, later(1000))).toBe(false);
    expect(await sessionIsLive(t.db, undefined, user, later(1000))).toBe(false);
    await finishSession(t.db, id, later(2000));
    expect(await sessionIsLive(t.db, id, user, later(3000))).toBe(false);
  });

  it("end after the idle limit, and after their lifetime however active", async () => {
    const user = await makeUser(t.db);
    const idle = await startSession(t.db, user, start);
    expect(await sessionIsLive(t.db, idle, user, later(SESSION_IDLE_MS + 60_000))).toBe(false);

    const busy = await startSession(t.db, user, start);
    for (let at = 0; at < SESSION_LIFETIME_MS - SESSION_IDLE_MS; at += SESSION_IDLE_MS / 2) {
      expect(await sessionIsLive(t.db, busy, user, later(at + 120_000))).toBe(true);
    }
    expect(await sessionIsLive(t.db, busy, user, later(SESSION_LIFETIME_MS + 1000))).toBe(false);
  });
});
