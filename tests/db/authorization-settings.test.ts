/**
 * Authorization matrix for the account settings: sessions and account deletion.
 *
 * Every use case takes the acting user's id and touches only that user's rows. Each denied cell below is one
 * call by one actor on another person's session or account; it must be refused (or leave the foreign rows out
 * of a list), read the same as the call about something that does not exist, and leave every table as it was.
 * Each operation also has one ALLOWED control cell, so the matrix cannot pass by refusing everything.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { deleteAccount, lastAdminMessage } from "@/lib/accounts/delete-account";
import { endSession, listSessions, SESSION_NOT_FOUND, signOutEverywhere } from "@/lib/accounts/sessions";
import { hashPassword } from "@/lib/auth/password";
import type { Db } from "@/lib/db/create-db";
import {
  ACTORS,
  buildWorld,
  isAdmin,
  NOBODY,
  ORG_NAMES,
  ORGS,
  USERS,
  type ActorName,
  type UserName,
  type World,
} from "@/tests/support/authorization-world";
import { changes, snapshot, type Snapshot } from "@/tests/support/db-snapshot";
import { describeDenied } from "@/tests/support/denied-cells";
import { DATABASES, useTestDb } from "@/tests/support/test-db";

const OPERATIONS = ["listSessions", "endSession", "signOutEverywhere", "deleteAccount"] as const;
type Operation = (typeof OPERATIONS)[number];

const PASSWORD = "matrix password 1";
const MISSING_SESSION = "missing-session-id";

/** Each user's session as built, with the browser and address it signed in from. */
type Ctx = { db: Db; w: World; session: (u: UserName) => string };
type Cell = { op: Operation; actor: string; resources: string[]; check: (ctx: Ctx) => Promise<void> };

const ipOf = (u: UserName) => `198.51.100.${USERS.indexOf(u) + 10}`;
const userAgentOf = (u: UserName) =>
  `Mozilla/5.0 (X11; Linux x86_64) Chrome/${USERS.indexOf(u) + 120}.0.0.0 ${u}-browser`;
/** The organizations this user is the only admin of. */
const soleAdminOf = (u: ActorName) =>
  ORG_NAMES.filter((o) => isAdmin(u, o) && Object.values(ORGS[o]).filter((r) => r === "admin").length === 1);

function deniedCells(): Cell[] {
  const cells: Cell[] = [];
  const add = (op: Operation, actor: { label: string }, resources: string[], check: Cell["check"]) =>
    cells.push({ op, actor: actor.label, resources, check });

  for (const actor of ACTORS) {
    const a = actor.who;
    const others = USERS.filter((u) => u !== a);

    add(
      "listSessions",
      actor,
      others.map((u) => `${u}'s session`),
      async ({ db, w, session }) => {
        const listed = await listSessions(db, w.id(a), null);
        const text = JSON.stringify(listed);
        for (const u of others) {
          expect(listed.map((s) => s.id)).not.toContain(session(u));
          expect(text).not.toContain(ipOf(u));
        }
        // Claiming another's session as "this browser" changes nothing either.
        const claimed = await listSessions(db, w.id(a), session(others[0]!));
        expect(claimed.map((s) => s.id)).not.toContain(session(others[0]!));
      },
    );

    for (const u of others) {
      add("endSession", actor, [`${u}'s session`], async ({ db, w, session }) => {
        const result = await endSession(db, w.id(a), session(u), session(u));
        expect(result).toEqual({ ok: false, error: SESSION_NOT_FOUND });
        expect(result).toEqual(await endSession(db, w.id(a), MISSING_SESSION, MISSING_SESSION));
        expect(JSON.stringify(result)).not.toContain(ipOf(u));
      });
    }

    if (a === NOBODY) {
      add("signOutEverywhere", actor, ["every session (no such account)"], async ({ db, w }) => {
        expect(await signOutEverywhere(db, w.id(a))).toMatchObject({ ok: false });
      });
      add("deleteAccount", actor, ["alice's account, by her name"], async ({ db, w }) => {
        expect(await deleteAccount(db, w.id(a), { password: PASSWORD, confirmUsername: "alice" })).toMatchObject({
          ok: false,
        });
      });
      continue;
    }
    for (const u of others.filter((u) => u === "alice" || u === "ivan")) {
      add("deleteAccount", actor, [`${u}'s account, typing ${u}'s name`], async ({ db, w }) => {
        const result = await deleteAccount(db, w.id(a), { password: PASSWORD, confirmUsername: u });
        expect(result).toMatchObject({ ok: false, fieldErrors: { confirmUsername: [expect.any(String)] } });
        expect(JSON.stringify(result)).not.toContain(w.email(u));
      });
    }
  }
  // The last administrators of their organizations, acting on their own account with the right password.
  for (const u of USERS.filter((u) => soleAdminOf(u).length > 0)) {
    const orgs = soleAdminOf(u);
    add(
      "deleteAccount",
      { label: `last admin (${u})` },
      [`own account, last admin of ${orgs.join(", ")}`],
      async ({ db, w }) => {
        const result = await deleteAccount(db, w.id(u), { password: PASSWORD, confirmUsername: u });
        expect(result).toEqual({ ok: false, error: lastAdminMessage(orgs) });
      },
    );
  }
  return cells;
}

type Control = { op: Operation; label: string; check: (ctx: Ctx, before: Snapshot) => Promise<void> };
const CONTROLS: Control[] = [
  {
    op: "listSessions",
    label: "alice lists her own session, marked as this browser",
    check: async ({ db, w, session }) => {
      const listed = await listSessions(db, w.id("alice"), session("alice"));
      expect(listed).toMatchObject([
        { id: session("alice"), ip: ipOf("alice"), current: true, device: "Chrome 120 on Linux" },
      ]);
    },
  },
  {
    op: "endSession",
    label: "bob signs out his own session",
    check: async ({ db, w, session }, before) => {
      expect(await endSession(db, w.id("bob"), session("bob"))).toEqual({ ok: true, data: { current: false } });
      const changed = changes(before, await snapshot(db));
      expect(Object.keys(changed).sort()).toEqual(["auditEvent", "session"]);
      expect(changed.session!.added).toEqual([expect.stringContaining(session("bob"))]);
    },
  },
  {
    op: "signOutEverywhere",
    label: "dave signs out everywhere, and only his sessions end",
    check: async ({ db, w }, before) => {
      expect(await signOutEverywhere(db, w.id("dave"))).toEqual({ ok: true, data: { ended: 1 } });
      const changed = changes(before, await snapshot(db));
      expect(Object.keys(changed).sort()).toEqual(["auditEvent", "session"]);
      for (const row of changed.session!.added) expect(JSON.parse(row)).toMatchObject({ userId: w.id("dave") });
    },
  },
  {
    op: "deleteAccount",
    label: "henry, a collaborator, deletes his account",
    check: async ({ db, w }, before) => {
      expect(await deleteAccount(db, w.id("henry"), { password: PASSWORD, confirmUsername: "henry" })).toEqual({
        ok: true,
        data: undefined,
      });
      const changed = changes(before, await snapshot(db));
      expect(changed.user!.removed).toEqual([expect.stringContaining(w.id("henry"))]);
      expect(changed.user!.added).toEqual([]);
      expect(changed.account!.added).toEqual([expect.stringContaining(w.id("henry"))]);
      for (const row of changed.session?.removed ?? [])
        expect(JSON.parse(row)).toMatchObject({ userId: w.id("henry") });
      for (const row of changed.membership?.removed ?? []) {
        expect(JSON.parse(row)).toMatchObject({ userId: w.id("henry") });
      }
    },
  },
];

const CELLS = deniedCells();

describe.each(DATABASES)("account settings authorization on %s", (kind) => {
  const t = useTestDb(kind);
  let ctx: Ctx;
  beforeAll(async () => {
    const w = await buildWorld(t.db);
    const passwordHash = await hashPassword(PASSWORD);
    const sessions = new Map<string, string>();
    for (const u of USERS) {
      await t.db.user.update({ where: { id: w.id(u) }, data: { passwordHash } });
      const row = await t.db.session.findFirstOrThrow({ where: { userId: w.id(u) } });
      await t.db.session.update({ where: { id: row.id }, data: { ip: ipOf(u), userAgent: userAgentOf(u) } });
      sessions.set(u, row.id);
    }
    ctx = { db: t.db, w, session: (u) => sessions.get(u)! };
  });

  describeDenied(
    CELLS,
    (cell) =>
      `${cell.op} | ${cell.actor} | ${cell.resources.length === 1 ? cell.resources[0] : `${cell.resources.length} foreign resources`}`,
    (cell) => cell.check(ctx),
    () => ctx.db,
  );

  // Controls run last: they change the world the denied cells were generated from.
  describe("allowed controls", () => {
    for (const control of CONTROLS) {
      it(`${control.op} | ${control.label}`, async () => {
        await control.check(ctx, await snapshot(ctx.db));
      });
    }
  });
});

describe("the settings matrix itself", () => {
  it("has denied cells and exactly one allowed control for every operation", () => {
    for (const op of OPERATIONS) {
      expect(CELLS.filter((c) => c.op === op).length, op).toBeGreaterThan(0);
      expect(
        CONTROLS.filter((c) => c.op === op),
        op,
      ).toHaveLength(1);
    }
    const names = CELLS.flatMap((c) => c.resources.map((r) => `${c.op} | ${c.actor} | ${r}`));
    expect(new Set(names).size).toBe(names.length);
  });
});
