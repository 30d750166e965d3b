import { describe, expect, it } from "vitest";
import { AUDIT_PER_PAGE, listAuditEvents } from "@/lib/db/audit";
import { getKeyUsage, USES_PER_PAGE } from "@/lib/db/usage";
import { makeKey, makeUser } from "@/tests/support/factories";
import { DATABASES, useTestDb } from "@/tests/support/test-db";

describe.each(DATABASES)("long audit and usage lists on %s", (kind) => {
  const t = useTestDb(kind);

  it("come a page at a time, newest first, with their totals", async () => {
    const user = await makeUser(t.db);
    const key = await makeKey(t.db, user);
    const start = Date.UTC(2026, 5, 1);
    const count = AUDIT_PER_PAGE + 7;
    await t.db.auditEvent.createMany({
      data: Array.from({ length: count }, (_, i) => ({
        action: "package.push",
        actorId: user,
        accountId: user,
        keyId: key.id,
        createdAt: new Date(start + i * 1000),
        result: `${i}`,
      })),
    });
    await t.db.usageEvent.createMany({
      data: Array.from({ length: USES_PER_PAGE + 3 }, (_, i) => ({
        keyId: key.id,
        action: "push",
        status: 201,
        result: `${i}`,
        createdAt: new Date(start + i * 1000),
      })),
    });

    const first = await listAuditEvents(t.db, { userId: user }, {}, 1);
    const second = await listAuditEvents(t.db, { userId: user }, {}, 2);
    expect(first.total).toBe(count);
    expect(first.events).toHaveLength(AUDIT_PER_PAGE);
    expect(first.events[0]?.result).toBe(`${count - 1}`);
    expect(second.events.map((e) => e.result)).toEqual(["6", "5", "4", "3", "2", "1", "0"]);

    const usage = await getKeyUsage(t.db, user, key.id, new Date(start), 2);
    expect(usage?.total).toBe(USES_PER_PAGE + 3);
    expect(usage?.recent.map((u) => u.result)).toEqual(["2", "1", "0"]);
  });
});
