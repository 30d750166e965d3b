/**
 * Authorization matrix for invitations, in the style of authorization-matrix.test.ts: every (operation ×
 * actor × foreign invitation or organization) cell is refused, the refusal reads the same as for one that does
 * not exist, and the database is exactly as it was. Each operation also has one allowed control cell.
 *
 * The world's pending invitations go to addresses without accounts; on top of it, ursula holds the confirmed
 * address contoso's invitation went to, mallory holds northwind's invitee address unconfirmed (so it is not
 * hers), and grace invites a newcomer to northwind through the use case, so one invitation has a real token.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/lib/db/create-db";
import {
  acceptInvitation,
  cancelInvitation,
  declineInvitation,
  findInvitationForRegistration,
  INVITATION_NOT_FOUND,
  inviteMember,
  listMyInvitations,
  listPendingInvitations,
} from "@/lib/organizations/invitations";
import { ADMINS_ONLY } from "@/lib/organizations/membership-change";
import {
  ACTORS,
  buildWorld,
  isAdmin,
  isMember,
  MISSING_ORG,
  ORG_NAMES,
  type ActorName,
  type OrgName,
  type World,
} from "@/tests/support/authorization-world";
import { makeUser } from "@/tests/support/factories";
import { changedTables, snapshot } from "@/tests/support/db-snapshot";
import { describeDenied } from "@/tests/support/denied-cells";
import { DATABASES, useTestDb } from "@/tests/support/test-db";

const OPERATIONS = [
  "listPendingInvitations",
  "cancelInvitation",
  "acceptInvitation",
  "declineInvitation",
  "listMyInvitations",
  "findInvitationForRegistration",
] as const;
type Operation = (typeof OPERATIONS)[number];

const INVITATIONS = ["contoso", "northwind", "fabrikam", "newcomer"] as const;
type InvitationName = (typeof INVITATIONS)[number];
const INVITATION_ORG: Record<InvitationName, OrgName> = {
  contoso: "contoso",
  northwind: "northwind",
  fabrikam: "fabrikam",
  newcomer: "northwind",
};
const NEWCOMER = "newcomer@example.test";
/** Whose each invitation is: only contoso's has an account with its confirmed address. */
const OWNER: Partial<Record<InvitationName, string>> = { contoso: "ursula" };

type Actor = ActorName | "ursula" | "mallory";
const ACTOR_LIST: { who: Actor; label: string }[] = [
  ...ACTORS,
  { who: "carol", label: "admin of the inviting org (carol@contoso)" },
  { who: "ursula", label: "invitee of contoso's invitation (ursula)" },
  { who: "mallory", label: "holder of northwind's invitee address, unconfirmed (mallory)" },
];
const MISSING_INVITATION = "missing-invitation-id";

type Ctx = {
  db: Db;
  w: World;
  id: (who: Actor) => string;
  invitation: (name: InvitationName) => string;
  storedHash: (name: InvitationName) => string;
  newcomerToken: string;
};
type Cell = { op: Operation; actor: string; resource: string; check: (ctx: Ctx) => Promise<void> };

const invitationLabel = (name: InvitationName) =>
  name === "newcomer" ? "northwind's invitation to a newcomer" : `${name}'s pending invitation`;

function deniedCells(): Cell[] {
  const cells: Cell[] = [];
  const add = (op: Operation, actor: { label: string }, resource: string, check: Cell["check"]) =>
    cells.push({ op, actor: actor.label, resource, check });

  for (const actor of ACTOR_LIST) {
    const a = actor.who;
    const worldActor = a === "ursula" || a === "mallory" ? null : a;
    const adminOf = (org: OrgName) => worldActor !== null && isAdmin(worldActor, org);
    const memberOf = (org: OrgName) => worldActor !== null && isMember(worldActor, org);

    // ── Reading an organization's invitations: admins of it only.
    for (const org of [...ORG_NAMES.filter((o) => !adminOf(o)), "alice" as const]) {
      const label = `${org} (${org === "alice" ? "a user account" : memberOf(org) ? "collaborator" : "not a member"})`;
      add("listPendingInvitations", actor, label, async ({ db, w, id }) => {
        expect(await listPendingInvitations(db, id(a), w.id(org))).toBeNull();
        expect(await listPendingInvitations(db, id(a), MISSING_ORG)).toBeNull();
      });
    }
    for (const org of ORG_NAMES.filter(adminOf)) {
      const others = INVITATIONS.filter((i) => INVITATION_ORG[i] !== org);
      add("listPendingInvitations", actor, `own org ${org} listing others' invitations`, async (ctx) => {
        const listed = await listPendingInvitations(ctx.db, ctx.id(a), ctx.w.id(org));
        expect(listed).not.toBeNull();
        for (const i of others) expect(listed!.map((v) => v.id)).not.toContain(ctx.invitation(i));
        expect(JSON.stringify(listed)).not.toContain(NEWCOMER);
      });
    }

    // ── Cancelling: an admin of the invitation's organization, through that organization.
    for (const name of INVITATIONS) {
      const org = INVITATION_ORG[name];
      const contexts = [...new Set<OrgName>([org, ...ORG_NAMES.filter(adminOf)])];
      for (const via of contexts.filter((c) => !(adminOf(c) && c === org))) {
        add("cancelInvitation", actor, `${invitationLabel(name)} via ${via}`, async (ctx) => {
          const call = (orgId: string, invitationId: string) =>
            cancelInvitation(ctx.db, ctx.id(a), orgId, invitationId);
          const result = await call(ctx.w.id(via), ctx.invitation(name));
          expect(result).toMatchObject({ ok: false });
          if (adminOf(via)) expect(result).toEqual(await call(ctx.w.id(via), MISSING_INVITATION));
          else if (memberOf(via)) expect(result).toEqual({ ok: false, error: ADMINS_ONLY });
          else expect(result).toEqual(await call(MISSING_ORG, ctx.invitation(name)));
        });
      }
    }

    // ── Answering and reading: the invitee only, whoever else they are.
    for (const name of INVITATIONS.filter((i) => OWNER[i] !== a)) {
      for (const [op, answer] of [
        ["acceptInvitation", acceptInvitation],
        ["declineInvitation", declineInvitation],
      ] as const) {
        add(op, actor, invitationLabel(name), async (ctx) => {
          const result = await answer(ctx.db, ctx.id(a), ctx.invitation(name));
          expect(result).toEqual({ ok: false, error: INVITATION_NOT_FOUND });
          expect(result).toEqual(await answer(ctx.db, ctx.id(a), MISSING_INVITATION));
        });
      }
    }
    const foreign = INVITATIONS.filter((i) => OWNER[i] !== a);
    add("listMyInvitations", actor, foreign.map(invitationLabel).join(", "), async (ctx) => {
      const listed = await listMyInvitations(ctx.db, ctx.id(a));
      for (const i of foreign) expect(listed.map((v) => v.id)).not.toContain(ctx.invitation(i));
    });
  }

  // ── A registration link: only the mailed token opens it, never what is stored or a guess.
  const anyone = { label: "anyone with a link" };
  for (const name of INVITATIONS) {
    add("findInvitationForRegistration", anyone, `the stored hash of ${invitationLabel(name)}`, async (ctx) => {
      expect(await findInvitationForRegistration(ctx.db, ctx.storedHash(name))).toBeNull();
    });
  }
  add("findInvitationForRegistration", anyone, "a guessed token", async (ctx) => {
    expect(
      await findInvitationForRegistration(
        ctx.db,
        ctx.newcomerToken.replace(/.$/, (c) => (c === "A" ? "B" : "A")),
      ),
    ).toBeNull();
  });
  return cells;
}

const DONE = { ok: true, data: undefined };
type Control = { op: Operation; label: string; mutates: boolean; check: (ctx: Ctx) => Promise<void> };
const control =
  (mutates: boolean) =>
  (op: Operation, label: string, check: Control["check"]): Control => ({ op, label, mutates, check });
const read = control(false);
const mutation = control(true);
const CONTROLS: Control[] = [
  read("listPendingInvitations", "admin grace lists northwind's two invitations", async (ctx) => {
    const listed = await listPendingInvitations(ctx.db, ctx.id("grace"), ctx.w.id("northwind"));
    expect(listed?.map((i) => i.id).sort()).toEqual([ctx.invitation("northwind"), ctx.invitation("newcomer")].sort());
    expect(listed?.map((i) => i.invitee).sort()).toEqual(["invitee-northwind@example.test", NEWCOMER]);
  }),
  read("listMyInvitations", "ursula sees contoso's invitation", async (ctx) => {
    const mine = await listMyInvitations(ctx.db, ctx.id("ursula"));
    expect(mine.map((i) => [i.id, i.organization, i.invitedBy])).toEqual([
      [ctx.invitation("contoso"), "contoso", "carol"],
    ]);
  }),
  read("findInvitationForRegistration", "the newcomer's mailed link", async (ctx) => {
    expect(await findInvitationForRegistration(ctx.db, ctx.newcomerToken)).toEqual({
      id: ctx.invitation("newcomer"),
      email: NEWCOMER,
      organization: "northwind",
    });
  }),
  mutation("acceptInvitation", "ursula accepts contoso's invitation", async (ctx) => {
    expect(await acceptInvitation(ctx.db, ctx.id("ursula"), ctx.invitation("contoso"))).toEqual({
      ok: true,
      data: { organization: "contoso" },
    });
    expect(await ctx.db.membership.count({ where: { userId: ctx.id("ursula") } })).toBe(1);
  }),
  mutation("declineInvitation", "mallory confirms her address, then declines northwind's invitation", async (ctx) => {
    await ctx.db.user.update({ where: { id: ctx.id("mallory") }, data: { emailConfirmedAt: new Date() } });
    expect(await declineInvitation(ctx.db, ctx.id("mallory"), ctx.invitation("northwind"))).toEqual({
      ok: true,
      data: { organization: "northwind" },
    });
  }),
  mutation("cancelInvitation", "admin erin cancels fabrikam's invitation", async (ctx) => {
    expect(await cancelInvitation(ctx.db, ctx.id("erin"), ctx.w.id("fabrikam"), ctx.invitation("fabrikam"))).toEqual(
      DONE,
    );
  }),
];

const CELLS = deniedCells();

describe.each(DATABASES)("invitation authorization on %s", (kind) => {
  const t = useTestDb(kind);
  let ctx: Ctx;
  beforeAll(async () => {
    const db = t.db;
    const w = await buildWorld(db);
    const extra = new Map<string, string>();
    extra.set("ursula", await makeUser(db, "ursula"));
    await db.user.update({ where: { id: extra.get("ursula") }, data: { email: "invitee-contoso@example.test" } });
    extra.set("mallory", await makeUser(db, "mallory"));
    await db.user.update({
      where: { id: extra.get("mallory") },
      data: { email: "invitee-northwind@example.test", emailConfirmedAt: null },
    });
    const invited = await inviteMember(db, w.id("grace"), w.id("northwind"), { who: NEWCOMER, role: "collaborator" });
    expect(invited.ok).toBe(true);
    const mail = await db.outboxEmail.findFirstOrThrow({ where: { to: NEWCOMER } });
    const newcomerToken = mail.text.match(/invitation=([A-Za-z0-9_-]+)/)![1]!;
    const rows = await db.invitation.findMany({ select: { id: true, email: true, tokenHash: true } });
    const row = (name: InvitationName) =>
      rows.find((r) => r.email === (name === "newcomer" ? NEWCOMER : `invitee-${name}@example.test`))!;
    ctx = {
      db,
      w,
      id: (who) => extra.get(who) ?? w.id(who as ActorName),
      invitation: (name) => row(name).id,
      storedHash: (name) => row(name).tokenHash,
      newcomerToken,
    };
  });

  describeDenied(
    CELLS,
    (cell) => `${cell.op} | ${cell.actor} | ${cell.resource}`,
    (cell) => cell.check(ctx),
    () => ctx.db,
  );

  describe("allowed controls", () => {
    for (const c of [...CONTROLS.filter((c) => !c.mutates), ...CONTROLS.filter((c) => c.mutates)]) {
      it(`${c.op} | ${c.label}`, async () => {
        const before = await snapshot(ctx.db);
        await c.check(ctx);
        const changed = changedTables(before, await snapshot(ctx.db));
        if (c.mutates) expect(changed).toEqual(expect.arrayContaining(["auditEvent", "invitation"]));
        else expect(changed).toEqual([]);
      });
    }
  });
});

describe("the invitation matrix itself", () => {
  it("has denied cells and exactly one allowed control for every operation", () => {
    for (const op of OPERATIONS) {
      expect(CELLS.filter((c) => c.op === op).length, op).toBeGreaterThan(0);
      expect(
        CONTROLS.filter((c) => c.op === op),
        op,
      ).toHaveLength(1);
    }
    const names = CELLS.map((c) => `${c.op} | ${c.actor} | ${c.resource}`);
    expect(new Set(names).size).toBe(names.length);
  });
});
