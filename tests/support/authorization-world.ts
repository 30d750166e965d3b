// The world the authorization matrix is generated from: users, organizations, packages and keys, declared
// here as data (with the truth about who may act for whom) and built in each database by buildWorld.
import { recordAudit } from "@/lib/db/audit";
import type { Db } from "@/lib/db/create-db";
import { makeKey, makeOrganization, makePackage, makeUser } from "./factories";

// ───────────────────────────── The world, declared before any database exists ─────────────────────────────

export type Role = "admin" | "collaborator";
export const USERS = ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "henry", "ivan"] as const;
export type UserName = (typeof USERS)[number];
export const ORG_NAMES = ["contoso", "northwind", "fabrikam"] as const;
export type OrgName = (typeof ORG_NAMES)[number];
export type Owner = UserName | OrgName;
/** The anonymous actor: the session gate turns it away; here it is a user id that does not exist. */
export const NOBODY = "nobody";
export type ActorName = UserName | typeof NOBODY;

export const ORGS: Record<OrgName, Partial<Record<UserName, Role>>> = {
  contoso: { carol: "admin", dave: "collaborator" },
  northwind: { grace: "admin", henry: "collaborator" },
  fabrikam: { erin: "admin" },
};

export const PACKAGES: Record<string, Owner> = {
  "Alice.Pkg": "alice",
  "Bob.Pkg": "bob",
  "Dave.Pkg": "dave",
  "Contoso.Pkg": "contoso",
  "Northwind.Pkg": "northwind",
  "Fabrikam.Pkg": "fabrikam",
};

/** `ownOnly`: the actor's own key, for the own-key cells; as a foreign key it would repeat alice's. */
export type KeySpec = {
  label: string;
  creator: UserName;
  owner: Owner;
  legacy?: boolean;
  revoked?: boolean;
  ownOnly?: boolean;
};
export const KEYS = {
  aliceKey: { label: "another user's key (alice)", creator: "alice", owner: "alice" },
  aliceLegacy: { label: "another user's legacy key (alice)", creator: "alice", owner: "alice", legacy: true },
  aliceRevoked: { label: "another user's revoked key (alice)", creator: "alice", owner: "alice", revoked: true },
  bobKey: { label: "bob's key", creator: "bob", owner: "bob", ownOnly: true },
  daveKey: { label: "dave's personal key", creator: "dave", owner: "dave", ownOnly: true },
  daveContoso: { label: "contoso key created by collaborator dave", creator: "dave", owner: "contoso" },
  carolContoso: { label: "contoso key created by its admin carol", creator: "carol", owner: "contoso" },
  // frank was a contoso collaborator, created this key, and was removed: it is his, but contoso is not his.
  frankContoso: { label: "contoso key of former member frank", creator: "frank", owner: "contoso" },
  graceNorthwind: { label: "northwind key created by its admin grace", creator: "grace", owner: "northwind" },
  henryNorthwind: { label: "northwind key created by collaborator henry", creator: "henry", owner: "northwind" },
  northwindRevoked: { label: "revoked northwind key", creator: "grace", owner: "northwind", revoked: true },
  erinFabrikam: { label: "fabrikam key created by its admin erin", creator: "erin", owner: "fabrikam" },
} satisfies Record<string, KeySpec>;
export type KeyName = keyof typeof KEYS;
export const KEY_NAMES = Object.keys(KEYS) as KeyName[];
export const key = (k: KeyName): KeySpec => KEYS[k];
export const FOREIGN_KEY_NAMES = KEY_NAMES.filter((k) => !key(k).ownOnly);

export const ACTORS: { who: ActorName; label: string }[] = [
  { who: "bob", label: "another user (bob)" },
  { who: "erin", label: "non-member (erin, admin of another org)" },
  { who: "dave", label: "collaborator (dave@contoso)" },
  { who: "frank", label: "former member (frank, removed from contoso)" },
  { who: NOBODY, label: "anonymous (nonexistent user id)" },
];

// The truth the matrix is generated from.
export const isOrg = (owner: string): owner is OrgName => (ORG_NAMES as readonly string[]).includes(owner);
export const roleIn = (who: ActorName, org: string): Role | undefined =>
  isOrg(org) && who !== NOBODY ? ORGS[org][who] : undefined;
export const isMember = (who: ActorName, org: string) => roleIn(who, org) !== undefined;
export const isAdmin = (who: ActorName, org: string) => roleIn(who, org) === "admin";
export const mayActFor = (who: ActorName, owner: string) => owner === who || isMember(who, owner);
export const packagesOf = (owner: string) => Object.keys(PACKAGES).filter((p) => PACKAGES[p] === owner);
/** Package owners tried as foreign: a user with keys and packages, one with none, an admin of an org, each org. */
export const OWNERS: Owner[] = ["alice", "bob", "ivan", "carol", ...ORG_NAMES];
export const orgMembers = (org: OrgName) => Object.keys(ORGS[org]) as UserName[];

// ───────────────────────────── The world, built in each database ─────────────────────────────

/** Ids and secrets of the world as built in one database. */
export type World = {
  id: (name: ActorName | OrgName) => string;
  keyId: (k: KeyName) => string;
  keyHint: (k: KeyName) => string;
  email: (u: UserName) => string;
};

/** Ids that exist nowhere: a refusal must read the same for them as for a foreign resource. */
export const MISSING_KEY = "missing-key-id";
export const MISSING_ORG = "missing-org-id";
export const MISSING_USER = "missing-user-id";
const DAY = 86_400_000;

/** The declared world in `db`, with an audit trail, usage records and a queued mail, so no table is empty. */
export async function buildWorld(db: Db): Promise<World> {
  const ids = new Map<string, string>([[NOBODY, NOBODY]]);
  const need = (name: string) => {
    const id = ids.get(name);
    if (!id) throw new Error(`world has no ${name}`);
    return id;
  };
  for (const u of USERS) ids.set(u, await makeUser(db, u));
  for (const org of ORG_NAMES) {
    const members = Object.entries(ORGS[org]).map(([u, role]) => [need(u), role] as [string, Role]);
    ids.set(org, await makeOrganization(db, members, org));
  }
  for (const [pkg, owner] of Object.entries(PACKAGES)) await makePackage(db, need(owner), pkg, ["1.0.0"]);
  const keyIds = new Map<string, string>();
  const hints = new Map<string, string>();
  for (const k of KEY_NAMES) {
    const spec = key(k);
    const made = await makeKey(db, need(spec.creator), {
      ownerId: need(spec.owner),
      name: `${k} (secret name)`,
      scopes: spec.legacy ? ["package:push", "package:unlist"] : ["package:push"],
      packages: spec.legacy ? [] : packagesOf(spec.owner),
      glob: spec.legacy ? null : `${spec.owner}.*`,
    });
    keyIds.set(k, made.id);
    hints.set(k, made.hint);
    if (spec.legacy) {
      await db.apiKey.update({ where: { id: made.id }, data: { legacy: true, expiresAt: null, durationDays: null } });
    }
    if (spec.revoked) {
      await db.apiKey.update({ where: { id: made.id }, data: { revokedAt: new Date(), revokedReason: "test" } });
    }
    await recordAudit(db, {
      action: "key.create",
      actorId: need(spec.creator),
      accountId: need(spec.owner),
      keyId: made.id,
      keyName: made.name,
    });
    await recordAudit(db, {
      action: "package.push",
      actorId: need(spec.creator),
      accountId: need(spec.owner),
      keyId: made.id,
      keyName: made.name,
      packageId: packagesOf(spec.owner)[0] ?? null,
      version: "1.0.0",
      result: "created",
      ip: "203.0.113.7",
    });
    for (let i = 0; i < 3; i++) {
      await db.usageEvent.create({
        data: {
          keyId: made.id,
          createdAt: new Date(Date.now() - i * DAY),
          action: "push",
          packageId: packagesOf(spec.owner)[0] ?? "X",
          version: "1.0.0",
          status: i === 2 ? 403 : 201,
          result: i === 2 ? "refused" : "created",
          ip: "203.0.113.7",
          userAgent: "NuGet Command Line",
        },
      });
    }
  }
  // Organization audit trail entries and a queued mail, so those tables are not empty.
  for (const org of ORG_NAMES) {
    await recordAudit(db, { action: "org.create", actorId: need(Object.keys(ORGS[org])[0]!), accountId: need(org) });
  }
  await db.outboxEmail.create({ data: { to: "alice@example.test", subject: "Key created", text: "aliceKey" } });
  // A signed-in session and a pending password reset per user, so no call may end or use another's.
  for (const u of USERS) {
    await db.session.create({ data: { userId: need(u), expiresAt: new Date(Date.now() + 86_400_000) } });
    await db.passwordReset.create({
      data: { userId: need(u), tokenHash: `reset-${u}-${need(u)}`, expiresAt: new Date(Date.now() + 3_600_000) },
    });
    // A pending address confirmation, a recovery code and a half-finished two-factor sign-in per user.
    await db.emailToken.create({
      data: {
        userId: need(u),
        purpose: "email-change",
        email: `${u}-new@example.test`,
        tokenHash: `confirm-${u}-${need(u)}`,
        expiresAt: new Date(Date.now() + 86_400_000),
      },
    });
    await db.recoveryCode.create({ data: { userId: need(u), codeHash: `recovery-${u}-${need(u)}` } });
    await db.signInChallenge.create({
      data: { userId: need(u), tokenHash: `challenge-${u}-${need(u)}`, expiresAt: new Date(Date.now() + 300_000) },
    });
  }
  // A Trusted Publishing policy per organization, made by its first member, and one exchanged token.
  for (const org of ORG_NAMES) {
    const creator = Object.keys(ORGS[org])[0]!;
    await db.trustedPublishingPolicy.create({
      data: {
        name: `${org} releases`,
        ownerId: need(org),
        creatorId: need(creator),
        repositoryOwner: org,
        repository: `${org}/${org}`,
        workflowFile: "release.yml",
      },
    });
  }
  await db.usedOidcToken.create({ data: { jti: "world-jti", expiresAt: new Date(Date.now() + 3_600_000) } });
  await db.jobRun.create({ data: { job: "world-job", period: new Date(0), finishedAt: new Date(0) } });
  // A pending invitation into each organization, sent by its first member to an address without an account.
  for (const org of ORG_NAMES) {
    const inviter = Object.keys(ORGS[org])[0]!;
    await db.invitation.create({
      data: {
        organizationId: need(org),
        email: `invitee-${org.toLowerCase()}@example.test`,
        role: "collaborator",
        invitedById: need(inviter),
        tokenHash: `invitation-${org}-${need(org)}`,
        expiresAt: new Date(Date.now() + 14 * 86_400_000),
      },
    });
  }
  return {
    id: need,
    keyId: (k) => keyIds.get(k)!,
    keyHint: (k) => hints.get(k)!,
    email: (u) => `${u}@example.test`,
  };
}
