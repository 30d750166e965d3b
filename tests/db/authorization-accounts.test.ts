/**
 * Account links and account-scoped calls in the authorization world: a confirmation link acts on the account
 * it was mailed for and nothing else, and the calls that take the acting user's id touch only that account.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { confirmEmail, requestEmailChange, resendConfirmation } from "@/lib/accounts/email-confirmation";
import { hashPassword } from "@/lib/auth/password";
import type { Db } from "@/lib/db/create-db";
import { buildWorld, MISSING_USER, USERS, type World } from "@/tests/support/authorization-world";
import { changes, snapshot } from "@/tests/support/db-snapshot";
import { DATABASES, useTestDb } from "@/tests/support/test-db";

const PASSWORD = "correct horse battery staple";

describe.each(DATABASES)("account links and account calls on %s", (kind) => {
  const t = useTestDb(kind);
  let db: Db;
  let w: World;

  beforeAll(async () => {
    db = t.db;
    w = await buildWorld(db);
    await db.user.updateMany({ data: { passwordHash: await hashPassword(PASSWORD) } });
  });

  it("a confirmation link, used while signed in as someone else, confirms only the account it was mailed for", async () => {
    await db.user.update({ where: { id: w.id("alice") }, data: { emailConfirmedAt: null } });
    await db.user.update({ where: { id: w.id("bob") }, data: { emailConfirmedAt: null } });
    expect(await resendConfirmation(db, w.id("alice"))).toMatchObject({ ok: true });
    const mail = await db.outboxEmail.findFirstOrThrow({
      where: { to: w.email("alice") },
      orderBy: { createdAt: "desc" },
    });
    const token = mail.text.match(/token=([A-Za-z0-9_-]+)/)![1]!;
    const before = await snapshot(db);
    // The link carries no session: whoever opens it, bob's account is not what it confirms.
    expect(await confirmEmail(db, token)).toMatchObject({ ok: true, data: { email: w.email("alice") } });
    const diff = changes(before, await snapshot(db));
    expect(Object.keys(diff).sort()).toEqual(["auditEvent", "emailToken", "user"]);
    expect(diff.user!.added.join()).toContain(w.id("alice"));
    expect(diff.user!.added.join()).not.toContain(w.id("bob"));
    expect((await db.user.findUniqueOrThrow({ where: { id: w.id("bob") } })).emailConfirmedAt).toBeNull();
  });

  it("another account's seeded link hash is not a token: it confirms nothing", async () => {
    const before = await snapshot(db);
    for (const u of USERS) {
      const stored = await db.emailToken.findFirstOrThrow({ where: { userId: w.id(u), purpose: "email-change" } });
      expect(await confirmEmail(db, stored.tokenHash)).toMatchObject({ ok: false });
    }
    expect(changes(before, await snapshot(db))).toEqual({});
  });

  it("an address change or a resend for a user who does not exist writes nothing", async () => {
    const before = await snapshot(db);
    expect(await resendConfirmation(db, MISSING_USER)).toMatchObject({ ok: false });
    expect(await requestEmailChange(db, MISSING_USER, { email: "x@example.test", password: PASSWORD })).toMatchObject({
      ok: false,
    });
    expect(changes(before, await snapshot(db))).toEqual({});
  });

  it("an address change asked for by one user never touches another's row, tokens or mail", async () => {
    const before = await snapshot(db);
    expect(
      await requestEmailChange(db, w.id("carol"), { email: "carol-next@example.test", password: PASSWORD }),
    ).toMatchObject({ ok: true });
    const diff = changes(before, await snapshot(db));
    expect(Object.keys(diff).sort()).toEqual(["auditEvent", "emailToken", "outboxEmail"]);
    for (const row of diff.emailToken!.added) expect(row).toContain(w.id("carol"));
    expect(diff.outboxEmail!.added.every((row) => /carol/.test(row))).toBe(true);
  });
});
