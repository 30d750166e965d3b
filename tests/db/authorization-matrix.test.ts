/**
 * Authorization matrix for the data layer.
 *
 * The server actions and pages are thin (`authedAction(schema, (user, input) => fn(db, user.id, ...))`), so
 * every authorization decision lives in the use cases and queries below, which take the acting user's id.
 * This file generates, from a declared world, every (operation × actor × foreign resource) cell and checks
 * that each one is denied — `{ ok: false }`, `null`, or the resource missing from a list — that the refusal
 * says nothing the actor could not have learnt from a resource that does not exist, and that the database
 * (every table, the audit trail and the mail outbox included) is exactly as it was before the call.
 * Each operation also has one ALLOWED control cell, so the matrix cannot pass by refusing everything.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { deleteApiKey } from "@/lib/api-keys/delete-api-key";
import { editApiKey } from "@/lib/api-keys/edit-api-key";
import { KEY_NOT_FOUND, NO_LONGER_MEMBER } from "@/lib/api-keys/own-key";
import { regenerateApiKey } from "@/lib/api-keys/regenerate-api-key";
import { revokeApiKey } from "@/lib/api-keys/revoke-api-key";
import { inviteMember } from "@/lib/organizations/invitations";
import { removeMember, setMemberRole } from "@/lib/organizations/members";
import { revokeOrganizationKey } from "@/lib/organizations/revoke-organization-key";
import { listApiKeys } from "@/lib/db/api-keys";
import { listAuditEvents } from "@/lib/db/audit";
import type { Db } from "@/lib/db/create-db";
import { getOrganization, listOrganizationKeys } from "@/lib/db/organizations";
import { canActFor, listOwnerOptions, listOwnerPackages } from "@/lib/db/owners";
import { listPackagesForUser } from "@/lib/db/packages";
import { getKeyUsage } from "@/lib/db/usage";
import { createKeySchema } from "@/lib/keys/schemas";
import {
  ACTORS,
  buildWorld,
  FOREIGN_KEY_NAMES,
  isAdmin,
  isMember,
  isOrg,
  key,
  KEY_NAMES,
  mayActFor,
  MISSING_KEY,
  MISSING_ORG,
  MISSING_USER,
  NOBODY,
  ORG_NAMES,
  orgMembers,
  OWNERS,
  PACKAGES,
  packagesOf,
  roleIn,
  type ActorName,
  type KeyName,
  type OrgName,
  type Owner,
  type Role,
  type UserName,
  type World,
} from "@/tests/support/authorization-world";
import { changedTables, changes, snapshot } from "@/tests/support/db-snapshot";
import { describeDenied } from "@/tests/support/denied-cells";
import { DATABASES, useTestDb } from "@/tests/support/test-db";

// ───────────────────────────── The cells ─────────────────────────────

const OPERATIONS = [
  "createApiKey",
  "editApiKey",
  "regenerateApiKey",
  "revokeApiKey",
  "deleteApiKey",
  "listApiKeys",
  "getKeyUsage",
  "listOwnerOptions",
  "listOwnerPackages",
  "canActFor",
  "listPackagesForUser",
  "getOrganization",
  "org audit page gate",
  "listAuditEvents (user)",
  "listOrganizationKeys",
  "revokeOrganizationKey",
  "inviteMember",
  "setMemberRole",
  "removeMember",
] as const;
type Operation = (typeof OPERATIONS)[number];

type Ctx = { db: Db; w: World };
/** One call (or one call and its twin) by one actor; `resources` are the cells it checks (a list checks several). */
type Cell = { op: Operation; actor: string; resources: string[]; check: (ctx: Ctx) => Promise<void> };

/** A refusal must not say more than the same call about something that does not exist. */
function expectNoMention(result: unknown, secrets: string[]) {
  const text = JSON.stringify(result ?? null);
  for (const secret of secrets) expect(text, `result mentions ${secret}`).not.toContain(secret);
}

const keySecrets = (w: World, k: KeyName) => [`${k} (secret name)`, w.keyHint(k)];
const orgSecrets = (w: World, org: string) => (isOrg(org) ? orgMembers(org).map((u) => w.email(u)) : []);

/**
 * The page gate of /organizations/[name]/audit, as written there: 404 unless getOrganization says admin,
 * and only then listAuditEvents for the organization.
 */
async function orgAuditPage(db: Db, userId: string, name: string) {
  const org = await getOrganization(db, userId, name);
  if (!org || org.myRole !== "admin") return null;
  return listAuditEvents(db, { organizationId: org.id }, {});
}

const input = (ownerId: string, packages: string[], glob = "") =>
  createKeySchema.parse({ name: "Matrix key", expiresInDays: 90, ownerId, scopes: ["package:push"], packages, glob });

function deniedCells(): Cell[] {
  const cells: Cell[] = [];
  const add = (op: Operation, actor: { label: string }, resource: string | string[], check: Cell["check"]) =>
    cells.push({ op, actor: actor.label, resources: typeof resource === "string" ? [resource] : resource, check });

  for (const actor of ACTORS) {
    const a = actor.who;
    const foreignKeys = FOREIGN_KEY_NAMES.filter((k) => key(k).creator !== a);

    // ── createApiKey: an owner the actor may not act for; packages its owner does not own.
    for (const owner of OWNERS.filter((o) => !mayActFor(a, o))) {
      add(
        "createApiKey",
        actor,
        `owner ${owner}${isOrg(owner) ? " (org not in)" : " (another user)"}`,
        async ({ db, w }) => {
          const result = await createApiKey(db, w.id(a), input(w.id(owner), packagesOf(owner), "*"));
          expect(result).toMatchObject({ ok: false, fieldErrors: { ownerId: [expect.any(String)] } });
          expect(result).toEqual(await createApiKey(db, w.id(a), input(MISSING_ORG, packagesOf(owner), "*")));
        },
      );
    }
    const actableOwners: string[] = [a, ...ORG_NAMES.filter((o) => isMember(a, o))];
    for (const owner of actableOwners) {
      for (const pkg of Object.keys(PACKAGES).filter((p) => PACKAGES[p] !== owner)) {
        add(
          "createApiKey",
          actor,
          `owner ${owner === a ? "self" : owner} with ${pkg} (of ${PACKAGES[pkg]})`,
          async ({ db, w }) => {
            const chosen = [...packagesOf(owner), pkg];
            const result = await createApiKey(db, w.id(a), input(w.id(owner as ActorName | OrgName), chosen));
            expect(result).toMatchObject({ ok: false, fieldErrors: { packages: [expect.any(String)] } });
            if (!result.ok) expect(result.error).toContain(pkg);
          },
        );
      }
    }
    if (a === NOBODY) {
      add("createApiKey", actor, "owner self (no such account), glob only", async ({ db, w }) => {
        // canActFor(nobody, nobody) holds, so only the foreign key constraint stops this: a throw is a refusal too.
        const result = await createApiKey(db, w.id(a), input(w.id(a), [], "*")).catch((error: Error) => ({
          ok: false as const,
          threw: error.name,
        }));
        expect(result).toMatchObject({ ok: false });
      });
    }

    // ── editApiKey: someone else's key; the actor's own key with packages its owner does not own.
    for (const k of KEY_NAMES) {
      const spec = key(k);
      if (spec.creator !== a) {
        if (spec.ownOnly) continue;
        add("editApiKey", actor, spec.label, async ({ db, w }) => {
          const edit = (keyId: string) =>
            editApiKey(db, w.id(a), { keyId, packages: packagesOf(spec.owner), glob: "*" });
          const result = await edit(w.keyId(k));
          expect(result).toEqual({ ok: false, error: KEY_NOT_FOUND });
          expect(result).toEqual(await edit(MISSING_KEY));
          expectNoMention(result, keySecrets(w, k));
        });
      } else if (!spec.legacy) {
        for (const pkg of Object.keys(PACKAGES).filter((p) => PACKAGES[p] !== spec.owner)) {
          add("editApiKey", actor, `own ${spec.label} with ${pkg} (of ${PACKAGES[pkg]})`, async ({ db, w }) => {
            const result = await editApiKey(db, w.id(a), {
              keyId: w.keyId(k),
              packages: [...packagesOf(spec.owner), pkg],
              glob: "",
            });
            // A former member is refused before the packages are looked at.
            if (a === "frank" && spec.owner === "contoso")
              expect(result).toEqual({ ok: false, error: NO_LONGER_MEMBER });
            else expect(result).toMatchObject({ ok: false, fieldErrors: { packages: [expect.any(String)] } });
          });
        }
      }
    }

    // ── Creator-only key operations.
    const creatorOnly: [Operation, (db: Db, userId: string, keyId: string) => Promise<unknown>][] = [
      ["regenerateApiKey", (db, u, id) => regenerateApiKey(db, u, id)],
      ["revokeApiKey", (db, u, id) => revokeApiKey(db, u, id)],
      ["deleteApiKey", (db, u, id) => deleteApiKey(db, u, id)],
    ];
    for (const [op, call] of creatorOnly) {
      for (const k of foreignKeys) {
        add(op, actor, key(k).label, async ({ db, w }) => {
          const result = await call(db, w.id(a), w.keyId(k));
          expect(result).toEqual({ ok: false, error: KEY_NOT_FOUND });
          expect(result).toEqual(await call(db, w.id(a), MISSING_KEY));
          expectNoMention(result, keySecrets(w, k));
        });
      }
    }
    for (const k of foreignKeys) {
      add("getKeyUsage", actor, key(k).label, async ({ db, w }) => {
        expect(await getKeyUsage(db, w.id(a), w.keyId(k))).toBeNull();
      });
    }
    add(
      "listApiKeys",
      actor,
      foreignKeys.map((k) => key(k).label),
      async ({ db, w }) => {
        const listed = await listApiKeys(db, w.id(a));
        for (const k of foreignKeys) {
          expect(listed.map((v) => v.id)).not.toContain(w.keyId(k));
          expectNoMention(listed, keySecrets(w, k));
        }
      },
    );
    for (const k of foreignKeys.filter((k) => key(k).owner !== a)) {
      add("listAuditEvents (user)", actor, key(k).label, async ({ db, w }) => {
        const filtered = await listAuditEvents(db, { userId: w.id(a) }, { keyId: w.keyId(k) });
        expect(filtered.events).toEqual([]);
        const all = await listAuditEvents(db, { userId: w.id(a) }, {});
        expect(all.keys.map((x) => x.id)).not.toContain(w.keyId(k));
        expect(all.events.map((e) => e.keyId)).not.toContain(w.keyId(k));
        expectNoMention([filtered, all], keySecrets(w, k));
      });
    }

    // ── Owners and packages.
    const foreignOwners = OWNERS.filter((o) => !mayActFor(a, o));
    const ownerLabel = (owner: Owner) => `${owner}${isOrg(owner) ? " (org not in)" : " (another user)"}`;
    add("listOwnerOptions", actor, foreignOwners.map(ownerLabel), async ({ db, w }) => {
      const ids = (await listOwnerOptions(db, w.id(a))).map((o) => o.id);
      for (const owner of foreignOwners) expect(ids).not.toContain(w.id(owner));
    });
    for (const owner of foreignOwners) {
      const label = ownerLabel(owner);
      add("listOwnerPackages", actor, label, async ({ db, w }) => {
        expect(await listOwnerPackages(db, w.id(a), w.id(owner))).toEqual([]);
      });
      add("canActFor", actor, label, async ({ db, w }) => {
        expect(await canActFor(db, w.id(a), w.id(owner))).toBe(false);
      });
    }
    const foreignPackages = Object.keys(PACKAGES).filter((p) => !mayActFor(a, PACKAGES[p]!));
    add(
      "listPackagesForUser",
      actor,
      foreignPackages.map((p) => `${p} (of ${PACKAGES[p]})`),
      async ({ db, w }) => {
        const listed = (await listPackagesForUser(db, w.id(a))).map((p) => p.packageId);
        for (const pkg of foreignPackages) expect(listed).not.toContain(pkg);
      },
    );

    // ── Organizations: reading.
    for (const org of ORG_NAMES.filter((o) => !isMember(a, o))) {
      add("getOrganization", actor, `${org} (not a member)`, async ({ db, w }) => {
        expect(await getOrganization(db, w.id(a), org)).toBeNull();
        expect(await getOrganization(db, w.id(a), org.toUpperCase())).toBeNull();
      });
    }
    for (const org of ORG_NAMES.filter((o) => !isAdmin(a, o))) {
      const label = `${org} (${isMember(a, org) ? "collaborator" : "not a member"})`;
      add("org audit page gate", actor, label, async ({ db, w }) => {
        expect(await orgAuditPage(db, w.id(a), org)).toBeNull();
      });
    }
    for (const org of [...ORG_NAMES, "alice" as const].filter((o) => !isAdmin(a, o))) {
      const label = `${org} (${isOrg(org) ? (isMember(a, org) ? "collaborator" : "not a member") : "a user account"})`;
      add("listOrganizationKeys", actor, label, async ({ db, w }) => {
        expect(await listOrganizationKeys(db, w.id(a), w.id(org))).toBeNull();
      });
    }
    for (const org of ORG_NAMES.filter((o) => isAdmin(a, o))) {
      const others = KEY_NAMES.filter((k) => key(k).owner !== org);
      add(
        "listOrganizationKeys",
        actor,
        others.map((k) => `own org ${org} listing ${key(k).label}`),
        async ({ db, w }) => {
          const listed = await listOrganizationKeys(db, w.id(a), w.id(org));
          expect(listed).not.toBeNull();
          for (const k of others) {
            expect(listed!.map((v) => v.id)).not.toContain(w.keyId(k));
            expectNoMention(listed, keySecrets(w, k));
          }
        },
      );
    }

    // ── revokeOrganizationKey: every key, under its own owner and under each organization of the actor.
    for (const k of FOREIGN_KEY_NAMES) {
      const spec = key(k);
      const contexts = [...new Set<string>([spec.owner, ...ORG_NAMES.filter((o) => isMember(a, o))])];
      for (const ctx of contexts.filter((c) => !(isAdmin(a, c) && spec.owner === c))) {
        add("revokeOrganizationKey", actor, `${spec.label} via ${ctx}`, async ({ db, w }) => {
          const orgId = w.id(ctx as OrgName | UserName);
          const result = await revokeOrganizationKey(db, w.id(a), orgId, w.keyId(k));
          expect(result).toMatchObject({ ok: false });
          const twin = isAdmin(a, ctx)
            ? await revokeOrganizationKey(db, w.id(a), orgId, MISSING_KEY)
            : await revokeOrganizationKey(db, w.id(a), MISSING_ORG, w.keyId(k));
          expect(result).toEqual(twin);
          expectNoMention(result, keySecrets(w, k));
        });
      }
    }

    // ── Organizations: managing members.
    for (const org of ORG_NAMES.filter((o) => !isAdmin(a, o))) {
      const who = isMember(a, org) ? "collaborator" : "not a member";
      // a newcomer by address and by username as a collaborator, and the actor itself as an admin (self-invitation)
      const invitations: [string, Role][] = [
        ["ivan@example.test", "collaborator"],
        ["ivan", "collaborator"],
        [`${a}@example.test`, "admin"],
      ];
      for (const [invitee, role] of invitations) {
        add("inviteMember", actor, `${org} (${who}): invite ${invitee} as ${role}`, async ({ db, w }) => {
          const result = await inviteMember(db, w.id(a), w.id(org), { who: invitee, role });
          expect(result).toMatchObject({ ok: false });
          if (!isMember(a, org))
            expect(result).toEqual(await inviteMember(db, w.id(a), MISSING_ORG, { who: invitee, role }));
          expectNoMention(
            result,
            orgSecrets(w, org).filter((e) => e !== invitee),
          );
        });
      }
    }
    // contoso's admin and collaborator, northwind's admin (each a member of another org for the other orgs),
    // a newcomer, and the actor itself
    const targets = [...new Set<ActorName>(["carol", "dave", "grace", "ivan", a])];
    for (const org of ORG_NAMES) {
      for (const target of targets) {
        const targetRole = roleIn(target, org);
        const elsewhere = ORG_NAMES.some((o) => isMember(target, o)) ? "member of another org" : "not a member";
        const tLabel = `${target}${target === a ? " (self)" : ""} (${targetRole ?? elsewhere})`;
        const aLabel = `${org} (${roleIn(a, org) ?? "not a member"})`;
        const twinFor = async (w: World, call: (orgId: string, userId: string) => Promise<unknown>, leave: boolean) => {
          if (leave || !isMember(a, org)) return call(MISSING_ORG, w.id(target));
          if (isAdmin(a, org)) return call(w.id(org), MISSING_USER);
          return undefined; // a collaborator hears "administrators only": they may see the members anyway
        };
        if (!(isAdmin(a, org) && targetRole)) {
          const role: Role = targetRole === "admin" ? "collaborator" : "admin";
          add("setMemberRole", actor, `${aLabel}: make ${tLabel} ${role}`, async ({ db, w }) => {
            const call = (orgId: string, userId: string) => setMemberRole(db, w.id(a), orgId, userId, role);
            const result = await call(w.id(org), w.id(target));
            expect(result).toMatchObject({ ok: false });
            const twin = await twinFor(w, call, false);
            if (twin !== undefined) expect(result).toEqual(twin);
          });
        }
        const leave = target === a;
        if (leave ? !isMember(a, org) : !(isAdmin(a, org) && targetRole)) {
          add("removeMember", actor, `${aLabel}: remove ${tLabel}`, async ({ db, w }) => {
            const call = (orgId: string, userId: string) => removeMember(db, w.id(a), orgId, userId);
            const result = await call(w.id(org), w.id(target));
            expect(result).toMatchObject({ ok: false });
            const twin = await twinFor(w, call, leave);
            if (twin !== undefined) expect(result).toEqual(twin);
          });
        }
      }
    }
  }
  return cells;
}

/** A use case's answer when it succeeds with nothing to return. */
const DONE = { ok: true, data: undefined };

/** One rightful actor per operation: each must succeed, and each mutation must change the database. */
type Control = { op: Operation; label: string; mutates: boolean; check: (ctx: Ctx) => Promise<void> };
const control =
  (mutates: boolean) =>
  (op: Operation, label: string, check: Control["check"]): Control => ({ op, label, mutates, check });
const read = control(false);
const mutation = control(true);
const CONTROLS: Control[] = [
  mutation("createApiKey", "collaborator dave creates a contoso key for Contoso.Pkg", async ({ db, w }) => {
    const result = await createApiKey(db, w.id("dave"), input(w.id("contoso"), ["Contoso.Pkg"]));
    expect(result).toMatchObject({
      ok: true,
      data: { key: { owner: { id: w.id("contoso") }, packages: ["Contoso.Pkg"] } },
    });
  }),
  mutation("editApiKey", "dave edits his contoso key", async ({ db, w }) => {
    const result = await editApiKey(db, w.id("dave"), {
      keyId: w.keyId("daveContoso"),
      packages: ["Contoso.Pkg"],
      glob: "",
    });
    expect(result).toMatchObject({ ok: true, data: { glob: null, packages: ["Contoso.Pkg"] } });
  }),
  mutation("regenerateApiKey", "alice regenerates her revoked key", async ({ db, w }) => {
    const result = await regenerateApiKey(db, w.id("alice"), w.keyId("aliceRevoked"));
    expect(result).toMatchObject({ ok: true, data: { key: { id: w.keyId("aliceRevoked"), revokedAt: null } } });
  }),
  mutation("revokeApiKey", "alice revokes her key", async ({ db, w }) => {
    expect(await revokeApiKey(db, w.id("alice"), w.keyId("aliceKey"))).toEqual(DONE);
  }),
  mutation("deleteApiKey", "alice deletes her legacy key", async ({ db, w }) => {
    expect(await deleteApiKey(db, w.id("alice"), w.keyId("aliceLegacy"))).toEqual(DONE);
  }),
  read("listApiKeys", "alice lists her keys", async ({ db, w }) => {
    const ids = (await listApiKeys(db, w.id("alice"))).map((k) => k.id).sort();
    expect(ids).toEqual([w.keyId("aliceKey"), w.keyId("aliceLegacy"), w.keyId("aliceRevoked")].sort());
  }),
  read("getKeyUsage", "carol reads her contoso key's usage", async ({ db, w }) => {
    const usage = await getKeyUsage(db, w.id("carol"), w.keyId("carolContoso"));
    expect(usage?.key.id).toBe(w.keyId("carolContoso"));
    expect(usage?.recent).toHaveLength(3);
  }),
  read("listOwnerOptions", "dave sees himself and contoso", async ({ db, w }) => {
    expect((await listOwnerOptions(db, w.id("dave"))).map((o) => o.id)).toEqual([w.id("dave"), w.id("contoso")]);
  }),
  read("listOwnerPackages", "dave lists contoso's packages", async ({ db, w }) => {
    expect(await listOwnerPackages(db, w.id("dave"), w.id("contoso"))).toEqual(["Contoso.Pkg"]);
  }),
  read("canActFor", "dave may act for contoso", async ({ db, w }) => {
    expect(await canActFor(db, w.id("dave"), w.id("contoso"))).toBe(true);
  }),
  read("listPackagesForUser", "dave sees his and contoso's packages", async ({ db, w }) => {
    expect((await listPackagesForUser(db, w.id("dave"))).map((p) => p.packageId)).toEqual(["Contoso.Pkg", "Dave.Pkg"]);
  }),
  read("getOrganization", "collaborator dave reads contoso and is told he is a collaborator", async ({ db, w }) => {
    const org = await getOrganization(db, w.id("dave"), "Contoso");
    expect(org).toMatchObject({ id: w.id("contoso"), myRole: "collaborator" });
    expect(org?.members.map((m) => m.username).sort()).toEqual(["carol", "dave"]);
  }),
  read("org audit page gate", "admin carol reads contoso's audit log", async ({ db, w }) => {
    const log = await orgAuditPage(db, w.id("carol"), "contoso");
    expect(log?.keys.map((k) => k.id)).toContain(w.keyId("daveContoso"));
  }),
  read("listAuditEvents (user)", "alice filters her trail by her key", async ({ db, w }) => {
    const log = await listAuditEvents(db, { userId: w.id("alice") }, { keyId: w.keyId("aliceKey") });
    expect(log.events.length).toBeGreaterThan(0);
    expect(log.events.every((e) => e.keyId === w.keyId("aliceKey"))).toBe(true);
  }),
  read("listOrganizationKeys", "admin carol lists contoso's keys", async ({ db, w }) => {
    const ids = (await listOrganizationKeys(db, w.id("carol"), w.id("contoso")))?.map((k) => k.id).sort();
    expect(ids).toEqual([w.keyId("carolContoso"), w.keyId("daveContoso"), w.keyId("frankContoso")].sort());
  }),
  mutation("revokeOrganizationKey", "admin carol revokes dave's contoso key", async ({ db, w }) => {
    expect(await revokeOrganizationKey(db, w.id("carol"), w.id("contoso"), w.keyId("daveContoso"))).toEqual(DONE);
  }),
  mutation("inviteMember", "admin grace invites ivan to northwind", async ({ db, w }) => {
    const result = await inviteMember(db, w.id("grace"), w.id("northwind"), { who: "ivan", role: "collaborator" });
    expect(result).toEqual({ ok: true, data: { invitee: "ivan" } });
  }),
  mutation("setMemberRole", "admin grace makes henry an admin of northwind", async ({ db, w }) => {
    expect(await setMemberRole(db, w.id("grace"), w.id("northwind"), w.id("henry"), "admin")).toEqual(DONE);
  }),
  mutation("removeMember", "admin carol removes dave from contoso", async ({ db, w }) => {
    expect(await removeMember(db, w.id("carol"), w.id("contoso"), w.id("dave"))).toEqual(DONE);
  }),
];

const CELLS = deniedCells();

describe.each(DATABASES)("authorization matrix on %s", (kind) => {
  const t = useTestDb(kind);
  let ctx: Ctx;
  beforeAll(async () => {
    ctx = { db: t.db, w: await buildWorld(t.db) };
  });

  it("the snapshot holds every row of every model, as the model delegates see them, and sees a change", async () => {
    const before = await snapshot(ctx.db);
    expect(Object.keys(before).sort()).toEqual(
      [
        "account",
        "user",
        "organization",
        "membership",
        "package",
        "packageVersion",
        "apiKey",
        "apiKeyScope",
        "apiKeySubject",
        "auditEvent",
        "usageEvent",
        "outboxEmail",
        "session",
        "passwordReset",
        "emailToken",
        "recoveryCode",
        "signInChallenge",
        "invitation",
        "trustedPublishingPolicy",
        "usedOidcToken",
        "jobRun",
      ].sort(),
    );
    for (const [table, rows] of Object.entries(before)) {
      const delegate = (ctx.db as unknown as Record<string, { findMany: () => Promise<{ id?: string }[]> }>)[table]!;
      const viaModel = await delegate.findMany();
      expect(rows.length, table).toBeGreaterThan(0);
      expect(rows.length, table).toBe(viaModel.length);
      for (const row of viaModel.filter((r) => r.id)) expect(rows.join("\n"), table).toContain(row.id);
    }
    await ctx.db.packageVersion.updateMany({ data: { listed: true } });
    expect(changedTables(before, await snapshot(ctx.db))).toEqual([]);
    await ctx.db.outboxEmail.updateMany({ data: { sentAt: new Date() } });
    expect(changedTables(before, await snapshot(ctx.db))).toEqual(["outboxEmail"]);
    await ctx.db.outboxEmail.updateMany({ data: { sentAt: null } });
    const key = await ctx.db.apiKey.findFirstOrThrow({ where: { revokedAt: null } });
    await ctx.db.apiKey.update({ where: { id: key.id }, data: { revokedAt: new Date() } });
    expect(changes(before, await snapshot(ctx.db))).toMatchObject({
      apiKey: { added: [expect.stringContaining(key.id)] },
    });
    await ctx.db.apiKey.update({ where: { id: key.id }, data: { revokedAt: null } });
    expect(changedTables(before, await snapshot(ctx.db))).toEqual([]);
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
    // Reads first, so the mutations cannot change what they expect.
    for (const control of [...CONTROLS.filter((c) => !c.mutates), ...CONTROLS.filter((c) => c.mutates)]) {
      it(`${control.op} | ${control.label}`, async () => {
        const before = await snapshot(ctx.db);
        await control.check(ctx);
        const changed = changedTables(before, await snapshot(ctx.db));
        if (control.mutates) {
          expect(changed).toContain("auditEvent");
        } else {
          expect(changed).toEqual([]);
        }
      });
    }
  });
});

describe("the matrix itself", () => {
  it("has denied cells and exactly one allowed control for every operation", () => {
    const denied = new Map<Operation, number>(OPERATIONS.map((op) => [op, 0]));
    for (const cell of CELLS) denied.set(cell.op, (denied.get(cell.op) ?? 0) + cell.resources.length);
    const total = [...denied.values()].reduce((sum, n) => sum + n, 0);
    for (const op of OPERATIONS) {
      expect(denied.get(op), op).toBeGreaterThan(0);
      expect(
        CONTROLS.filter((c) => c.op === op),
        op,
      ).toHaveLength(1);
    }
    const names = CELLS.flatMap((c) => c.resources.map((r) => `${c.op} | ${c.actor} | ${r}`));
    expect(new Set(names).size).toBe(names.length);
    console.log(
      `authorization matrix: ${total} denied cells in ${CELLS.length} calls + ${CONTROLS.length} allowed cells per database (${DATABASES.join(", ")})\n` +
        OPERATIONS.map((op) => `  ${op}: ${denied.get(op)} denied, 1 allowed`).join("\n"),
    );
  });
});
