import { describe, expect, it } from "vitest";
import { deleteAccount, lastAdminMessage } from "@/lib/accounts/delete-account";
import { changePassword, WRONG_PASSWORD } from "@/lib/accounts/password-change";
import { reassignPackage } from "@/lib/accounts/reassign-package";
import { endSession, listSessions, SESSION_NOT_FOUND, signOutEverywhere } from "@/lib/accounts/sessions";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { SESSION_IDLE_MS, sessionIsLive, startSession } from "@/lib/auth/sessions";
import type { Db } from "@/lib/db/create-db";
import { findSessionUser, findUserForSignIn } from "@/lib/db/users";
import { pushPackage, setPackageListed } from "@/lib/nuget/service";
import { buildNupkg } from "@/tests/support/build-nupkg";
import { changedTables, snapshot } from "@/tests/support/db-snapshot";
import { emailOf, makeKey, makeOrganization, makePackage, makeUser } from "@/tests/support/factories";
import { useServiceFixture } from "@/tests/support/service-deps";
import { DATABASES } from "@/tests/support/test-db";

const PASSWORD = "current password 1";
const NEW_PASSWORD = "a brand new passphrase";
const CHROME = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36";
const FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0";
const MINUTE = 60_000;

let hashed: Promise<string> | null = null;
/** A user whose password is PASSWORD. */
async function makeUserWithPassword(db: Db, username?: string) {
  const id = await makeUser(db, username);
  hashed ??= hashPassword(PASSWORD);
  await db.user.update({ where: { id }, data: { passwordHash: await hashed } });
  return id;
}

async function auditOf(db: Db, accountId: string) {
  return db.auditEvent.findMany({ where: { accountId }, orderBy: { createdAt: "asc" } });
}

/** Every audit row, as text, must not hold a password the test typed. */
async function expectNoSecretsInAudit(db: Db, secrets: string[]) {
  const text = JSON.stringify(await db.auditEvent.findMany());
  for (const secret of secrets) expect(text).not.toContain(secret);
}

describe.each(DATABASES)("account settings on %s", (kind) => {
  const { t, deps } = useServiceFixture(kind);

  describe("changing the password", () => {
    it("refuses a wrong current password beside its field, and changes nothing", async () => {
      const user = await makeUserWithPassword(t.db);
      const session = await startSession(t.db, user);
      await startSession(t.db, user);
      const before = await snapshot(t.db);
      const result = await changePassword(
        t.db,
        user,
        { currentPassword: "not it at all", password: NEW_PASSWORD, confirm: NEW_PASSWORD },
        session,
      );
      expect(result).toEqual({
        ok: false,
        error: WRONG_PASSWORD,
        fieldErrors: { currentPassword: [WRONG_PASSWORD] },
      });
      expect(changedTables(before, await snapshot(t.db))).toEqual([]);
    });

    it("refuses a weak password, one made of the account's name, or two that differ", async () => {
      const user = await makeUserWithPassword(t.db, `pat${Date.now() % 100000}`);
      const email = await emailOf(t.db, user);
      const attempt = (password: string, confirm = password) =>
        changePassword(t.db, user, { currentPassword: PASSWORD, password, confirm }, null);
      expect(await attempt("short")).toMatchObject({ ok: false, fieldErrors: { password: [expect.any(String)] } });
      expect(await attempt(`my ${email.split("@")[0]} secret`)).toMatchObject({
        ok: false,
        fieldErrors: { password: ["Don't use your e-mail address or username in your password."] },
      });
      expect(await attempt(PASSWORD)).toMatchObject({ ok: false, fieldErrors: { password: [expect.any(String)] } });
      expect(await attempt(NEW_PASSWORD, `${NEW_PASSWORD}!`)).toMatchObject({
        ok: false,
        fieldErrors: { confirm: ["The two passwords differ."] },
      });
      const { passwordHash } = await t.db.user.findUniqueOrThrow({ where: { id: user } });
      expect(await verifyPassword(PASSWORD, passwordHash)).toBe(true);
    });

    it("sets the new password, ends every other session but this one, mails the address and audits it", async () => {
      const user = await makeUserWithPassword(t.db);
      const stranger = await makeUserWithPassword(t.db);
      const email = await emailOf(t.db, user);
      const now = new Date();
      const current = await startSession(t.db, user, now);
      const laptop = await startSession(t.db, user, now);
      const phone = await startSession(t.db, user, now);
      const strangers = await startSession(t.db, stranger, now);
      const result = await changePassword(
        t.db,
        user,
        { currentPassword: PASSWORD, password: NEW_PASSWORD, confirm: NEW_PASSWORD },
        current,
        now,
      );
      expect(result).toEqual({ ok: true, data: { signedOut: 2 } });
      const { passwordHash } = await t.db.user.findUniqueOrThrow({ where: { id: user } });
      expect(await verifyPassword(NEW_PASSWORD, passwordHash)).toBe(true);
      expect(await sessionIsLive(t.db, current, user, now)).toBe(true);
      expect(await sessionIsLive(t.db, laptop, user, now)).toBe(false);
      expect(await sessionIsLive(t.db, phone, user, now)).toBe(false);
      expect(await sessionIsLive(t.db, strangers, stranger, now)).toBe(true);
      const mail = await t.db.outboxEmail.findFirstOrThrow({ where: { to: email } });
      expect(mail.subject).toBe("Your Package Gallery password was changed");
      expect(mail.text).toContain("2 other sessions were signed out");
      expect((await auditOf(t.db, user)).map((e) => [e.action, e.actorId, e.detail])).toEqual([
        ["account.password-change", user, JSON.stringify({ sessionsEnded: 2 })],
      ]);
      await expectNoSecretsInAudit(t.db, [PASSWORD, NEW_PASSWORD, passwordHash]);
    });
  });

  describe("sessions", () => {
    it("lists only the user's own sessions that still work, this browser's first, with a readable browser", async () => {
      const user = await makeUser(t.db);
      const other = await makeUser(t.db);
      const now = new Date();
      const ago = (ms: number) => new Date(now.getTime() - ms);
      const older = await startSession(t.db, user, ago(30 * MINUTE), { userAgent: FIREFOX, ip: "198.51.100.4" });
      const current = await startSession(t.db, user, ago(60 * MINUTE), { userAgent: CHROME, ip: "203.0.113.9" });
      const recent = await startSession(t.db, user, ago(MINUTE), { userAgent: null });
      const ended = await startSession(t.db, user, ago(MINUTE));
      await t.db.session.update({ where: { id: ended }, data: { endedAt: ago(1000) } });
      const expired = await startSession(t.db, user, ago(MINUTE));
      await t.db.session.update({ where: { id: expired }, data: { expiresAt: ago(1000) } });
      await startSession(t.db, user, ago(SESSION_IDLE_MS + MINUTE));
      await startSession(t.db, other, now, { userAgent: CHROME });

      const listed = await listSessions(t.db, user, current, now);
      expect(listed.map((s) => s.id)).toEqual([current, recent, older]);
      expect(listed[0]).toMatchObject({ device: "Chrome 142 on Linux", ip: "203.0.113.9", current: true });
      expect(listed[1]).toMatchObject({ device: "Unknown browser", ip: null, current: false });
      expect(listed[2]).toMatchObject({ device: "Firefox 128 on Windows 10", current: false });
      expect(listed[2]!.lastSeenAt).toEqual(ago(30 * MINUTE));
    });

    it("signs out one of the user's own sessions, and reads another's id as one that does not exist", async () => {
      const user = await makeUser(t.db);
      const other = await makeUser(t.db);
      const mine = await startSession(t.db, user, new Date(), { userAgent: FIREFOX, ip: "198.51.100.4" });
      const theirs = await startSession(t.db, other);
      const before = await snapshot(t.db);
      const refused = await endSession(t.db, user, theirs);
      expect(refused).toEqual({ ok: false, error: SESSION_NOT_FOUND });
      expect(await endSession(t.db, user, "no-such-session")).toEqual(refused);
      expect(changedTables(before, await snapshot(t.db))).toEqual([]);
      expect(await sessionIsLive(t.db, theirs, other)).toBe(true);

      expect(await endSession(t.db, user, mine)).toEqual({ ok: true, data: { current: false } });
      expect(await sessionIsLive(t.db, mine, user)).toBe(false);
      expect(await endSession(t.db, user, mine)).toEqual(refused);
      expect((await auditOf(t.db, user)).map((e) => [e.action, e.detail])).toEqual([
        ["account.session-end", JSON.stringify({ device: "Firefox 128 on Windows 10", ip: "198.51.100.4" })],
      ]);
    });

    it("signs out everywhere, this browser included, and no one else", async () => {
      const user = await makeUser(t.db);
      const other = await makeUser(t.db);
      const current = await startSession(t.db, user);
      const laptop = await startSession(t.db, user);
      const theirs = await startSession(t.db, other);
      expect(await signOutEverywhere(t.db, user)).toEqual({ ok: true, data: { ended: 2 } });
      expect(await sessionIsLive(t.db, current, user)).toBe(false);
      expect(await sessionIsLive(t.db, laptop, user)).toBe(false);
      expect(await sessionIsLive(t.db, theirs, other)).toBe(true);
      expect(await listSessions(t.db, user, current)).toEqual([]);
      expect((await auditOf(t.db, user)).map((e) => e.action)).toEqual(["account.sessions-end"]);
    });
  });

  describe("deleting the account", () => {
    it("asks for the username and the password", async () => {
      const user = await makeUserWithPassword(t.db);
      const { username } = await t.db.account.findUniqueOrThrow({ where: { id: user } });
      const before = await snapshot(t.db);
      expect(await deleteAccount(t.db, user, { password: PASSWORD, confirmUsername: "someone" })).toMatchObject({
        ok: false,
        fieldErrors: { confirmUsername: [`Type your username, ${username}, to confirm.`] },
      });
      expect(await deleteAccount(t.db, user, { password: "wrong one", confirmUsername: username })).toMatchObject({
        ok: false,
        fieldErrors: { password: [WRONG_PASSWORD] },
      });
      expect(changedTables(before, await snapshot(t.db))).toEqual([]);
    });

    it("is refused while the account is the last administrator of an organization, naming each", async () => {
      const user = await makeUserWithPassword(t.db);
      const colleague = await makeUser(t.db);
      const { username } = await t.db.account.findUniqueOrThrow({ where: { id: user } });
      const alone = await makeOrganization(t.db, [[user, "admin"]], `Alone${Date.now() % 100000}`);
      const shared = await makeOrganization(t.db, [
        [user, "admin"],
        [colleague, "collaborator"],
      ]);
      const safe = await makeOrganization(t.db, [
        [user, "admin"],
        [colleague, "admin"],
      ]);
      const names = await t.db.account.findMany({
        where: { id: { in: [alone, shared] } },
        orderBy: { usernameKey: "asc" },
      });
      void safe;
      const before = await snapshot(t.db);
      const result = await deleteAccount(t.db, user, { password: PASSWORD, confirmUsername: username });
      expect(result).toEqual({ ok: false, error: lastAdminMessage(names.map((n) => n.username)) });
      if (!result.ok) for (const n of names) expect(result.error).toContain(n.username);
      expect(changedTables(before, await snapshot(t.db))).toEqual([]);
    });

    it("deletes keys, memberships, the user and its sessions; keeps the account and its packages, refused to every key", async () => {
      const user = await makeUserWithPassword(t.db);
      const admin = await makeUser(t.db);
      const stranger = await makeUser(t.db);
      const { username } = await t.db.account.findUniqueOrThrow({ where: { id: user } });
      const email = await emailOf(t.db, user);
      const org = await makeOrganization(t.db, [
        [admin, "admin"],
        [user, "admin"],
      ]);
      const pkg = `Deleted.${username}`;
      await makePackage(t.db, user, pkg, ["1.0.0"]);
      const own = await makeKey(t.db, user, { scopes: ["package:push", "package:unlist"], glob: "*" });
      const forOrg = await makeKey(t.db, user, { ownerId: org, name: "Team deploy", glob: "*" });
      const colleagues = await makeKey(t.db, admin, { ownerId: org, glob: "*" });
      const strangers = await makeKey(t.db, stranger, { scopes: ["package:push", "package:unlist"], glob: "*" });
      const session = await startSession(t.db, user);
      expect((await pushPackage(deps, req(own.secret), () => buildNupkg({ id: pkg, version: "1.1.0" }))).status).toBe(
        201,
      );

      expect(
        await deleteAccount(t.db, user, { password: PASSWORD, confirmUsername: ` ${username.toUpperCase()} ` }),
      ).toEqual({
        ok: true,
        data: undefined,
      });

      const account = await t.db.account.findUniqueOrThrow({ where: { id: user } });
      expect(account.username).toBe(username);
      expect(account.deletedAt).not.toBeNull();
      expect(await t.db.user.findUnique({ where: { id: user } })).toBeNull();
      expect(await t.db.session.count({ where: { userId: user } })).toBe(0);
      expect(await sessionIsLive(t.db, session, user)).toBe(false);
      expect(await findUserForSignIn(t.db, email)).toBeNull();
      expect(await findSessionUser(t.db, user, session)).toBeNull();
      expect(await t.db.apiKey.count({ where: { id: { in: [own.id, forOrg.id] } } })).toBe(0);
      expect(await t.db.apiKey.count({ where: { id: { in: [colleagues.id, strangers.id] } } })).toBe(2);
      expect(await t.db.membership.count({ where: { userId: user } })).toBe(0);
      const kept = await t.db.package.findUniqueOrThrow({
        where: { idKey: pkg.toLowerCase() },
        include: { versions: true },
      });
      expect(kept.ownerId).toBe(user);
      expect(kept.versions).toHaveLength(2);

      // Its own key is gone; every other key belongs to another owner.
      const push = (secret: string) => pushPackage(deps, req(secret), () => buildNupkg({ id: pkg, version: "2.0.0" }));
      expect(await push(own.secret)).toMatchObject({ status: 403, message: expect.stringContaining("is invalid") });
      for (const key of [colleagues, strangers]) {
        expect(await push(key.secret)).toMatchObject({ status: 403, message: expect.stringContaining("not owned") });
      }
      const unlist = await setPackageListed(deps, req(strangers.secret), {
        packageId: pkg,
        version: "1.0.0",
        listed: false,
      });
      expect(unlist).toMatchObject({ status: 403, message: expect.stringContaining("not owned") });

      const mail = await t.db.outboxEmail.findFirstOrThrow({ where: { to: email, subject: { contains: "deleted" } } });
      expect(mail.subject).toBe("Your Package Gallery account was deleted");
      expect(mail.text).toContain("1 package keeps its id");
      const adminMail = await t.db.outboxEmail.findFirstOrThrow({ where: { to: await emailOf(t.db, admin) } });
      expect(adminMail.subject).toBe("API key deleted: Team deploy");

      expect((await auditOf(t.db, user)).map((e) => e.action)).toContain("account.delete");
      const deleted = (await auditOf(t.db, user)).find((e) => e.action === "account.delete")!;
      expect(JSON.parse(deleted.detail!)).toEqual({
        username,
        keysDeleted: 2,
        organizationsLeft: [(await t.db.account.findUniqueOrThrow({ where: { id: org } })).username],
        packages: 1,
      });
      expect((await auditOf(t.db, org)).map((e) => [e.action, e.keyId])).toEqual(
        expect.arrayContaining([
          ["key.delete", forOrg.id],
          ["member.leave", null],
        ]),
      );
      await expectNoSecretsInAudit(t.db, [PASSWORD, own.secret, forOrg.secret]);
    });

    it("gives an orphaned package a new owner only through the operator, and that owner's keys then push", async () => {
      const gone = await makeUserWithPassword(t.db);
      const heir = await makeUser(t.db);
      const { username } = await t.db.account.findUniqueOrThrow({ where: { id: gone } });
      const { username: heirName } = await t.db.account.findUniqueOrThrow({ where: { id: heir } });
      const pkg = `Orphan.${username}`;
      await makePackage(t.db, gone, pkg, ["1.0.0"]);
      await makePackage(t.db, heir, `Kept.${heirName}`);
      const key = await makeKey(t.db, heir, { glob: "*" });

      expect(await reassignPackage(t.db, `Kept.${heirName}`, username)).toMatchObject({ ok: false });
      expect(await deleteAccount(t.db, gone, { password: PASSWORD, confirmUsername: username })).toMatchObject({
        ok: true,
      });
      expect(await reassignPackage(t.db, pkg, username)).toMatchObject({
        ok: false,
        error: `There is no active user or organization named ${username}.`,
      });
      expect(await reassignPackage(t.db, "No.Such.Package", heirName)).toMatchObject({ ok: false });
      const push = () => pushPackage(deps, req(key.secret), () => buildNupkg({ id: pkg, version: "3.0.0" }));
      expect((await push()).status).toBe(403);

      expect(await reassignPackage(t.db, pkg.toUpperCase(), heirName.toUpperCase())).toEqual({
        ok: true,
        data: { packageId: pkg, from: username, to: heirName },
      });
      expect((await push()).status).toBe(201);
      for (const owner of [gone, heir]) {
        expect((await auditOf(t.db, owner)).filter((e) => e.action === "package.reassign")).toMatchObject([
          { packageId: pkg, actorId: null, detail: JSON.stringify({ from: username, to: heirName }) },
        ]);
      }
    });
  });
});

function req(apiKey: string) {
  return { apiKey, ip: "203.0.113.1", userAgent: "NuGet test" };
}
