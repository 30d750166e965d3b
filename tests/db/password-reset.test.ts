import { describe, expect, it } from "vitest";
import { RESET_LINK_DEAD, requestPasswordReset, resetPassword } from "@/lib/accounts/password-reset";
import { verifyPassword } from "@/lib/auth/password";
import { sessionIsLive, startSession } from "@/lib/auth/sessions";
import { emailOf, makeUser } from "@/tests/support/factories";
import { DATABASES, useTestDb } from "@/tests/support/test-db";

const HOUR = 60 * 60 * 1000;
const NEW_PASSWORD = "correct horse battery staple";

describe.each(DATABASES)("forgotten passwords on %s", (kind) => {
  const t = useTestDb(kind);

  async function linkFor(email: string) {
    const mail = await t.db.outboxEmail.findFirstOrThrow({ where: { to: email }, orderBy: { createdAt: "desc" } });
    return mail.text.match(/reset-password\?token=([A-Za-z0-9_-]+)/)![1]!;
  }

  it("mails a single-use link to an existing account only, keeping just the token's hash", async () => {
    const user = await makeUser(t.db);
    const email = await emailOf(t.db, user);
    const before = await t.db.outboxEmail.count();
    await requestPasswordReset(t.db, `nobody-${user}@example.test`);
    expect(await t.db.outboxEmail.count()).toBe(before);
    await requestPasswordReset(t.db, email.toUpperCase());
    const token = await linkFor(email);
    const stored = await t.db.passwordReset.findFirstOrThrow({ where: { userId: user } });
    expect(stored.tokenHash).not.toContain(token);
    expect(JSON.stringify(await t.db.auditEvent.findMany({ where: { accountId: user } }))).not.toContain(token);
  });

  it("sets the new password once and ends every session of the account", async () => {
    const user = await makeUser(t.db);
    const email = await emailOf(t.db, user);
    const now = new Date();
    const session = await startSession(t.db, user, now);
    await requestPasswordReset(t.db, email, now);
    const token = await linkFor(email);
    expect(await resetPassword(t.db, { token, password: NEW_PASSWORD }, now)).toEqual({ ok: true, data: undefined });
    const { passwordHash } = await t.db.user.findUniqueOrThrow({ where: { id: user } });
    expect(await verifyPassword(NEW_PASSWORD, passwordHash)).toBe(true);
    expect(await sessionIsLive(t.db, session, user, now)).toBe(false);
    expect(await resetPassword(t.db, { token, password: "another long password" }, now)).toEqual({
      ok: false,
      error: RESET_LINK_DEAD,
    });
  });

  it("refuses a link older than an hour, or one that never was", async () => {
    const user = await makeUser(t.db);
    const email = await emailOf(t.db, user);
    const then = new Date(Date.now() - 2 * HOUR);
    await requestPasswordReset(t.db, email, then);
    const token = await linkFor(email);
    expect(await resetPassword(t.db, { token, password: NEW_PASSWORD })).toMatchObject({ ok: false });
    expect(await resetPassword(t.db, { token: "x".repeat(43), password: NEW_PASSWORD })).toMatchObject({ ok: false });
  });
});
