// Several gallery instances on one PostgreSQL database, each with its key cache on: a key changed through one is
// refused or honoured accordingly by the others on their next request, and an instance that cannot hear the
// changes keeps no key. Each instance is a client of its own with a cache of its own, as in another process.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deleteAccount } from "@/lib/accounts/delete-account";
import { deleteApiKey } from "@/lib/api-keys/delete-api-key";
import { editApiKey } from "@/lib/api-keys/edit-api-key";
import { regenerateApiKey } from "@/lib/api-keys/regenerate-api-key";
import { revokeApiKey } from "@/lib/api-keys/revoke-api-key";
import { hashPassword } from "@/lib/auth/password";
import { createDb } from "@/lib/db/create-db";
import { cachedKey } from "@/lib/db/key-auth";
import { KeyCache, keyCacheOf, newKeyCache } from "@/lib/db/key-cache";
import { KeyChangeListener } from "@/lib/db/key-changes";
import { deleteMembership } from "@/lib/db/organizations";
import { runScheduledExpiryJob } from "@/lib/jobs/expiry";
import { editKeySchema } from "@/lib/keys/schemas";
import { setPackageListed, type ServiceDeps } from "@/lib/nuget/service";
import { removeMember } from "@/lib/organizations/members";
import { revokeOrganizationKey } from "@/lib/organizations/revoke-organization-key";
import { makeKey, makePackage, makeTeam, makeUser } from "@/tests/support/factories";
import { Relay } from "@/tests/support/relay";
import { serviceDeps, useServiceFixture } from "@/tests/support/service-deps";
import { DATABASES } from "@/tests/support/test-db";

const REVOKED = "403 This API key has been revoked.";
const INVALID = "403 The API key is invalid: it does not exist, was deleted or was regenerated.";
/** The promise of the issue: the other instances act on a change within a second. */
const WITHIN_A_SECOND = { timeout: 1_000, interval: 20 };
/** Reconnecting backs off up to 5 s between attempts. */
const RECONNECTED = { timeout: 15_000, interval: 50 };

describe.skipIf(!DATABASES.includes("postgres"))("several instances on one postgres database", () => {
  const { t, deps: a } = useServiceFixture("postgres");
  const others: ServiceDeps[] = [];
  let b: ServiceDeps;

  /** Another instance on the test database; its cache listens through `busUrl` (the database itself by default). */
  async function instance(busUrl?: string): Promise<ServiceDeps> {
    const db = createDb(t.url, { keyCache: busUrl ? new KeyCache(new KeyChangeListener(busUrl)) : newKeyCache(t.url) });
    const deps = serviceDeps(db, a.store);
    others.push(deps);
    await keyCacheOf(db).listen();
    return deps;
  }

  beforeAll(async () => {
    await keyCacheOf(t.db).listen();
    b = await instance();
  });
  afterAll(async () => {
    for (const deps of others) {
      await deps.usage.flush();
      await deps.db.$disconnect();
    }
  });

  const unlist = async (deps: ServiceDeps, secret: string, packageId: string, now?: Date) => {
    const reply = await setPackageListed(
      deps,
      { apiKey: secret, ip: null, userAgent: null, now },
      { packageId, version: "1.0.0", listed: false },
    );
    return `${reply.status} ${reply.message}`;
  };

  /** A user with a package and an unlist key for it. */
  async function keyOfNewUser() {
    const user = await makeUser(t.db);
    const packageId = `Cluster.${user}`;
    await makePackage(t.db, user, packageId, ["1.0.0"]);
    const key = await makeKey(t.db, user, { scopes: ["package:unlist"], glob: "Cluster.*" });
    return { user, packageId, key };
  }

  /** The key works through this instance, which now keeps it: its next request would not read the database. */
  async function keptBy(deps: ServiceDeps, key: { secret: string; hash: string }, packageId: string) {
    expect(await unlist(deps, key.secret, packageId)).toMatch(/^200 /);
    expect(cachedKey(deps.db, key.hash)).not.toBeNull();
  }

  describe("a change through one instance reaches the others within a second", () => {
    it("revoke", async () => {
      const { user, packageId, key } = await keyOfNewUser();
      await keptBy(b, key, packageId);
      expect(await revokeApiKey(t.db, user, key.id)).toMatchObject({ ok: true });
      await expect.poll(() => unlist(b, key.secret, packageId), WITHIN_A_SECOND).toBe(REVOKED);
    });

    it("delete", async () => {
      const { user, packageId, key } = await keyOfNewUser();
      await keptBy(b, key, packageId);
      expect(await deleteApiKey(t.db, user, key.id)).toMatchObject({ ok: true });
      await expect.poll(() => unlist(b, key.secret, packageId), WITHIN_A_SECOND).toBe(INVALID);
    });

    it("regenerate: the old secret is refused and the new one works", async () => {
      const { user, packageId, key } = await keyOfNewUser();
      await keptBy(b, key, packageId);
      const renewed = await regenerateApiKey(t.db, user, key.id);
      if (!renewed.ok) throw new Error(renewed.error);
      await expect.poll(() => unlist(b, key.secret, packageId), WITHIN_A_SECOND).toBe(INVALID);
      expect(await unlist(b, renewed.data.secret, packageId)).toMatch(/^200 /);
    });

    it("edit of the key's packages", async () => {
      const { user, packageId, key } = await keyOfNewUser();
      await keptBy(b, key, packageId);
      const edit = editKeySchema.parse({ keyId: key.id, packages: [], glob: "Elsewhere.*" });
      expect(await editApiKey(t.db, user, edit)).toMatchObject({ ok: true });
      await expect
        .poll(() => unlist(b, key.secret, packageId), WITHIN_A_SECOND)
        .toBe(`403 This API key is not scoped to the package '${packageId}'.`);
    });

    it("a member removed from the organization: their key for it is refused", async () => {
      const { org, admin, collaborator } = await makeTeam(t.db);
      const packageId = `Cluster.Team.${org}`;
      await makePackage(t.db, org, packageId, ["1.0.0"]);
      const key = await makeKey(t.db, collaborator, { ownerId: org, scopes: ["package:unlist"], glob: "Cluster.*" });
      await keptBy(b, key, packageId);
      expect(await removeMember(t.db, admin, org, collaborator)).toMatchObject({ ok: true });
      await expect.poll(() => unlist(b, key.secret, packageId), WITHIN_A_SECOND).toBe(REVOKED);
    });

    it("a membership that ends, even without a revocation, is heard", async () => {
      const { org, collaborator } = await makeTeam(t.db);
      const packageId = `Cluster.Member.${org}`;
      await makePackage(t.db, org, packageId, ["1.0.0"]);
      const key = await makeKey(t.db, collaborator, { ownerId: org, scopes: ["package:unlist"], glob: "Cluster.*" });
      await keptBy(b, key, packageId);
      await t.db.$transaction((tx) => deleteMembership(tx, org, collaborator));
      await expect
        .poll(() => unlist(b, key.secret, packageId), WITHIN_A_SECOND)
        .toBe("403 The creator of this API key is no longer a member of its package owner.");
    });

    it("an organization admin revokes a member's key", async () => {
      const { org, admin, collaborator } = await makeTeam(t.db);
      const packageId = `Cluster.Admin.${org}`;
      await makePackage(t.db, org, packageId, ["1.0.0"]);
      const key = await makeKey(t.db, collaborator, { ownerId: org, scopes: ["package:unlist"], glob: "Cluster.*" });
      await keptBy(b, key, packageId);
      expect(await revokeOrganizationKey(t.db, admin, org, key.id)).toMatchObject({ ok: true });
      await expect.poll(() => unlist(b, key.secret, packageId), WITHIN_A_SECOND).toBe(REVOKED);
    });

    it("the creator deletes their account", async () => {
      const { user, packageId, key } = await keyOfNewUser();
      await t.db.user.update({ where: { id: user }, data: { passwordHash: await hashPassword("leaving-now-1") } });
      const { username } = await t.db.account.findUniqueOrThrow({ where: { id: user } });
      await keptBy(b, key, packageId);
      expect(await deleteAccount(t.db, user, { password: "leaving-now-1", confirmUsername: username })).toEqual({
        ok: true,
        data: undefined,
      });
      await expect.poll(() => unlist(b, key.secret, packageId), WITHIN_A_SECOND).toBe(INVALID);
    });

    it("the expiry job purges an expired Trusted Publishing key", async () => {
      const { packageId, key } = await keyOfNewUser();
      const now = Date.now();
      await t.db.apiKey.update({
        where: { id: key.id },
        data: { shortLived: true, expiresAt: new Date(now + 60_000) },
      });
      await keptBy(b, key, packageId);
      const later = new Date(now + 120_000);
      expect(await runScheduledExpiryJob(t.db, { now: later, transport: null })).toMatchObject({
        ran: true,
        result: { purged: { shortLivedKeys: 1 } },
      });
      // Still kept, B would say "expired"; it reads the database instead and finds no such key.
      await expect.poll(() => unlist(b, key.secret, packageId, later), WITHIN_A_SECOND).toBe(INVALID);
    });
  });

  describe("an instance that cannot hear the changes keeps no key (fail safe)", () => {
    it("misses no change when its listening connection is killed, and keeps keys again once it listens again", async () => {
      const c = await instance();
      const cache = keyCacheOf(c.db);
      const first = await keyOfNewUser();
      await keptBy(c, first.key, first.packageId);
      const pid = cache.listener!.backendPid;
      expect(pid).toEqual(expect.any(Number));
      await t.db.$queryRaw`SELECT pg_terminate_backend(${pid}::int)`;
      // Revoked while C is cut off or reconnecting: the notice may never reach it, the refusal must.
      expect(await revokeApiKey(t.db, first.user, first.key.id)).toMatchObject({ ok: true });
      await expect.poll(() => unlist(c, first.key.secret, first.packageId), WITHIN_A_SECOND).toBe(REVOKED);
      await expect.poll(() => cache.caching && cache.listener!.backendPid !== pid, RECONNECTED).toBe(true);
      const second = await keyOfNewUser();
      await keptBy(c, second.key, second.packageId);
    });

    it("keeps nothing before it first listens and while the bus is down, so every lookup reads the database", async () => {
      const { relay, url } = await Relay.to(t.url);
      await relay.cut();
      const c = await instance(url);
      const cache = keyCacheOf(c.db);
      try {
        const first = await keyOfNewUser();
        expect(await unlist(c, first.key.secret, first.packageId)).toMatch(/^200 /);
        expect(cache.caching).toBe(false);
        expect(cachedKey(c.db, first.key.hash)).toBeNull();
        // The notice never reaches C, yet its very next request refuses the key: it read the database.
        expect(await revokeApiKey(t.db, first.user, first.key.id)).toMatchObject({ ok: true });
        expect(await unlist(c, first.key.secret, first.packageId)).toBe(REVOKED);

        await relay.open();
        await expect.poll(() => cache.caching, RECONNECTED).toBe(true);
        const second = await keyOfNewUser();
        await keptBy(c, second.key, second.packageId);

        await relay.cut();
        await expect.poll(() => cache.caching).toBe(false);
        expect(cachedKey(c.db, second.key.hash)).toBeNull();
        expect(await revokeApiKey(t.db, second.user, second.key.id)).toMatchObject({ ok: true });
        expect(await unlist(c, second.key.secret, second.packageId)).toBe(REVOKED);
      } finally {
        await relay.cut();
      }
    });

    it("notices a listening connection that stops answering without closing", async () => {
      const { relay, url } = await Relay.to(t.url);
      const c = await instance(url);
      const cache = keyCacheOf(c.db);
      try {
        const { packageId, key } = await keyOfNewUser();
        await keptBy(c, key, packageId);
        relay.freeze();
        await expect.poll(() => cache.caching, { timeout: 10_000, interval: 50 }).toBe(false);
        expect(cachedKey(c.db, key.hash)).toBeNull();
        relay.thaw();
        await expect.poll(() => cache.caching, RECONNECTED).toBe(true);
        await keptBy(c, key, packageId);
      } finally {
        await relay.cut();
      }
    });
  });
});
