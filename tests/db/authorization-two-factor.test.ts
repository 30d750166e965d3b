/**
 * Authorization matrix for two-factor sign-in, in the style of authorization-matrix.test.ts: every user of the
 * world has two-factor on, a recovery code and a half-finished sign-in whose secrets this file knows. No actor
 * may finish another's sign-in, spend another's code, turn off two-factor with another's code, or change the
 * requirement of an organization they do not administer; each refusal leaves every table as it was. Each
 * operation has one allowed control, so the matrix cannot pass by refusing everything.
 */
import { Secret, TOTP } from "otpauth";
import { beforeAll, describe, expect, it } from "vitest";
import { seal } from "@/lib/accounts/sealed";
import { completeSignIn } from "@/lib/accounts/sign-in-challenge";
import { tokenHash } from "@/lib/accounts/tokens";
import { recoveryCodeHash } from "@/lib/accounts/totp";
import { disableTwoFactor, verifySecondFactor } from "@/lib/accounts/two-factor";
import { hashPassword } from "@/lib/auth/password";
import type { Db } from "@/lib/db/create-db";
import { setTwoFactorRequirement } from "@/lib/organizations/require-two-factor";
import {
  ACTORS,
  buildWorld,
  isAdmin,
  isMember,
  MISSING_ORG,
  NOBODY,
  ORG_NAMES,
  USERS,
  type ActorName,
  type UserName,
  type World,
} from "@/tests/support/authorization-world";
import { changedTables, snapshot } from "@/tests/support/db-snapshot";
import { describeDenied } from "@/tests/support/denied-cells";
import { DATABASES, useTestDb } from "@/tests/support/test-db";

const OPERATIONS = ["completeSignIn", "verifySecondFactor", "disableTwoFactor", "setTwoFactorRequirement"] as const;
type Operation = (typeof OPERATIONS)[number];

const PASSWORD = "world password 1";
const STEP = 30_000;
/** Every call is made at this moment, so the codes below stay valid however long the run takes. */
const NOW = new Date(Math.floor(Date.now() / STEP) * STEP + STEP / 2);

/** Each user's secrets, as only they (and this test) know them. */
type Secrets = { totp: string; recovery: string; challenge: string };
type Ctx = { db: Db; w: World; secrets: Record<UserName, Secrets> };
type Cell = { op: Operation; actor: string; resource: string; check: (ctx: Ctx) => Promise<void> };

const appCode = (secret: string, when = NOW) =>
  new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: when.getTime() });
const codesAround = (secret: string) => [-STEP, 0, STEP].map((d) => appCode(secret, new Date(NOW.getTime() + d)));
/** The actor's own code, or a made-up one for the anonymous actor. */
const ownCode = (ctx: Ctx, a: ActorName) => (a === NOBODY ? "123456" : appCode(ctx.secrets[a].totp));
const ownRecovery = (ctx: Ctx, a: ActorName) => (a === NOBODY ? "aaaa-bbbb-cc" : ctx.secrets[a].recovery);

/** Fresh secrets for everyone, redrawn until no two users' codes around NOW coincide. */
function drawSecrets(): Record<UserName, Secrets> {
  for (;;) {
    const secrets = Object.fromEntries(
      USERS.map((u) => [
        u,
        {
          totp: new Secret({ size: 20 }).base32,
          recovery: `${u.slice(0, 4).padEnd(4, "x")}-2fa0-${u.length}k`,
          challenge: `challenge-token-of-${u}-0123456789`,
        },
      ]),
    ) as Record<UserName, Secrets>;
    const codes = USERS.flatMap((u) => codesAround(secrets[u].totp));
    if (new Set(codes).size === codes.length) return secrets;
  }
}

/** Two-factor on for every user of the world, with a known password, recovery code and live challenge. */
async function armWorld(db: Db, w: World, secrets: Record<UserName, Secrets>): Promise<void> {
  const passwordHash = await hashPassword(PASSWORD);
  for (const u of USERS) {
    const id = w.id(u);
    await db.user.update({
      where: { id },
      data: {
        passwordHash,
        totpSecret: seal(secrets[u].totp, id),
        totpEnabledAt: new Date(NOW.getTime() - 86_400_000),
      },
    });
    await db.recoveryCode.create({ data: { userId: id, codeHash: recoveryCodeHash(id, secrets[u].recovery) } });
    await db.signInChallenge.create({
      data: { userId: id, tokenHash: tokenHash(secrets[u].challenge), expiresAt: new Date(NOW.getTime() + 3_600_000) },
    });
  }
}

function deniedCells(): Cell[] {
  const cells: Cell[] = [];
  const add = (op: Operation, actor: { label: string }, resource: string, check: Cell["check"]) =>
    cells.push({ op, actor: actor.label, resource, check });

  for (const actor of ACTORS) {
    const a = actor.who;
    for (const victim of USERS.filter((u) => u !== a)) {
      add("completeSignIn", actor, `${victim}'s sign-in with the actor's own app code`, async (ctx) => {
        const result = await completeSignIn(
          ctx.db,
          { challenge: ctx.secrets[victim].challenge, code: ownCode(ctx, a) },
          NOW,
        );
        expect(result).toMatchObject({ ok: false });
      });
      add("completeSignIn", actor, `${victim}'s sign-in with the actor's own recovery code`, async (ctx) => {
        const code = ownRecovery(ctx, a);
        expect(await completeSignIn(ctx.db, { challenge: ctx.secrets[victim].challenge, code }, NOW)).toMatchObject({
          ok: false,
        });
      });
      add("verifySecondFactor", actor, `${victim}'s recovery code`, async (ctx) => {
        const result = await verifySecondFactor(ctx.db, ctx.w.id(a), ctx.secrets[victim].recovery, NOW);
        expect(result).toMatchObject({ ok: false });
      });
      add("verifySecondFactor", actor, `${victim}'s app code`, async (ctx) => {
        const result = await verifySecondFactor(ctx.db, ctx.w.id(a), appCode(ctx.secrets[victim].totp), NOW);
        expect(result).toMatchObject({ ok: false });
      });
      add("disableTwoFactor", actor, `with ${victim}'s app code and the actor's password`, async (ctx) => {
        const input = { password: PASSWORD, code: appCode(ctx.secrets[victim].totp) };
        expect(await disableTwoFactor(ctx.db, ctx.w.id(a), input, null, NOW)).toMatchObject({ ok: false });
      });
      add("disableTwoFactor", actor, `with ${victim}'s recovery code and the actor's password`, async (ctx) => {
        const input = { password: PASSWORD, code: ctx.secrets[victim].recovery };
        expect(await disableTwoFactor(ctx.db, ctx.w.id(a), input, null, NOW)).toMatchObject({ ok: false });
      });
    }
    for (const org of ORG_NAMES.filter((o) => !isAdmin(a, o))) {
      for (const required of [true, false]) {
        const label = `${org} (${isMember(a, org) ? "collaborator" : "not a member"}): ${required ? "require" : "stop requiring"}`;
        add("setTwoFactorRequirement", actor, label, async (ctx) => {
          const call = (orgId: string) => setTwoFactorRequirement(ctx.db, ctx.w.id(a), orgId, required);
          const result = await call(ctx.w.id(org));
          expect(result).toMatchObject({ ok: false });
          if (!isMember(a, org)) expect(result).toEqual(await call(MISSING_ORG));
        });
      }
    }
  }
  // Even its owner's right code does not finish a sign-in that is spent or has run out.
  add("completeSignIn", { label: "the owner (bob)" }, "bob's spent sign-in", async (ctx) => {
    const token = "spent-challenge-token-0123456789";
    await ctx.db.signInChallenge.create({
      data: {
        userId: ctx.w.id("bob"),
        tokenHash: tokenHash(token),
        expiresAt: new Date(NOW.getTime() + 60_000),
        usedAt: NOW,
      },
    });
    const before = await snapshot(ctx.db);
    expect(await completeSignIn(ctx.db, { challenge: token, code: appCode(ctx.secrets.bob.totp) }, NOW)).toMatchObject({
      ok: false,
    });
    expect(changedTables(before, await snapshot(ctx.db))).toEqual([]);
    await ctx.db.signInChallenge.delete({ where: { tokenHash: tokenHash(token) } });
  });
  add("completeSignIn", { label: "the owner (bob)" }, "bob's sign-in, after it ran out", async (ctx) => {
    const late = new Date(NOW.getTime() + 2 * 3_600_000);
    const result = await completeSignIn(
      ctx.db,
      { challenge: ctx.secrets.bob.challenge, code: ctx.secrets.bob.recovery },
      late,
    );
    expect(result).toMatchObject({ ok: false });
  });
  return cells;
}

/** One rightful actor per operation: each must succeed and change the database. */
type Control = { op: Operation; label: string; check: (ctx: Ctx) => Promise<void> };
const CONTROLS: Control[] = [
  {
    op: "completeSignIn",
    label: "bob finishes his own sign-in with his app code",
    check: async (ctx) => {
      const result = await completeSignIn(
        ctx.db,
        { challenge: ctx.secrets.bob.challenge, code: appCode(ctx.secrets.bob.totp) },
        NOW,
      );
      expect(result).toMatchObject({ ok: true, data: { id: ctx.w.id("bob") } });
    },
  },
  {
    op: "verifySecondFactor",
    label: "dave spends his own recovery code",
    check: async (ctx) => {
      expect(await verifySecondFactor(ctx.db, ctx.w.id("dave"), ctx.secrets.dave.recovery, NOW)).toEqual({
        ok: true,
        data: { method: "recovery" },
      });
    },
  },
  {
    op: "disableTwoFactor",
    label: "erin turns hers off with her password and app code",
    check: async (ctx) => {
      const input = { password: PASSWORD, code: appCode(ctx.secrets.erin.totp) };
      expect(await disableTwoFactor(ctx.db, ctx.w.id("erin"), input, null, NOW)).toEqual({ ok: true, data: undefined });
    },
  },
  {
    op: "setTwoFactorRequirement",
    label: "admin carol requires two-factor for contoso",
    check: async (ctx) => {
      expect(await setTwoFactorRequirement(ctx.db, ctx.w.id("carol"), ctx.w.id("contoso"), true)).toEqual({
        ok: true,
        data: undefined,
      });
    },
  },
];

const CELLS = deniedCells();

describe.each(DATABASES)("two-factor authorization on %s", (kind) => {
  const t = useTestDb(kind);
  let ctx: Ctx;
  beforeAll(async () => {
    const w = await buildWorld(t.db);
    const secrets = drawSecrets();
    await armWorld(t.db, w, secrets);
    ctx = { db: t.db, w, secrets };
  });

  describeDenied(
    CELLS,
    (cell) => `${cell.op} | ${cell.actor} | ${cell.resource}`,
    (cell) => cell.check(ctx),
    () => ctx.db,
  );

  describe("allowed controls", () => {
    for (const control of CONTROLS) {
      it(`${control.op} | ${control.label}`, async () => {
        const before = await snapshot(ctx.db);
        await control.check(ctx);
        expect(changedTables(before, await snapshot(ctx.db)).length).toBeGreaterThan(0);
      });
    }
  });
});

describe("the two-factor matrix itself", () => {
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
