import { describe, expect, it } from "vitest";
import { countApiKeys, findApiKeyPage, listApiKeys } from "@/lib/db/api-keys";
import { DAY_MS } from "@/lib/keys/expiry";
import { makeKey, makeOrganization, makeUser } from "@/tests/support/factories";
import { DATABASES, useTestDb } from "@/tests/support/test-db";

describe.each(DATABASES)("finding keys on %s", (kind) => {
  const t = useTestDb(kind);
  const now = new Date();

  async function world() {
    const user = await makeUser(t.db);
    const org = await makeOrganization(t.db, [[user, "admin"]]);
    const at = (days: number) => new Date(now.getTime() + days * DAY_MS);
    const key = async (name: string, extra: Record<string, unknown>, options: Parameters<typeof makeKey>[2] = {}) => {
      const made = await makeKey(t.db, user, { name, ...options });
      await t.db.apiKey.update({ where: { id: made.id }, data: extra });
      return made.id;
    };
    const ids = {
      deploy: await key("Deploy Service", { expiresAt: at(200), lastUsedAt: at(-1) }, { packages: ["Contoso.Api"] }),
      nightly: await key("nightly build", { expiresAt: at(5), lastUsedAt: at(-3) }),
      old: await key("Old CI", { expiresAt: at(-2) }),
      leaked: await key("Leaked", { revokedAt: at(-1), expiresAt: at(100) }),
      team: await key("Team release", { expiresAt: at(50) }, { ownerId: org, glob: "Team.*" }),
    };
    return { user, org, ids };
  }

  it("searches names and package ids without regard to case, and counts what it finds", async () => {
    const { user, ids } = await world();
    const names = async (q: string) => (await listApiKeys(t.db, user, undefined, { q }, now)).map((k) => k.id);
    expect(await names("deploy")).toEqual([ids.deploy]);
    expect(await names("CONTOSO.api")).toEqual([ids.deploy]);
    expect(await names("BUILD")).toEqual([ids.nightly]);
    expect(await names("nothing like it")).toEqual([]);
    expect(await countApiKeys(t.db, user, { q: "e" }, now)).toBe(3);
  });

  it("filters by status and owner", async () => {
    const { user, org, ids } = await world();
    const by = async (query: Parameters<typeof listApiKeys>[3]) =>
      (await listApiKeys(t.db, user, undefined, query, now)).map((k) => k.id).sort();
    expect(await by({ status: "active" })).toEqual([ids.deploy, ids.nightly, ids.team].sort());
    expect(await by({ status: "expiring" })).toEqual([ids.nightly]);
    expect(await by({ status: "expired" })).toEqual([ids.old]);
    expect(await by({ status: "revoked" })).toEqual([ids.leaked]);
    expect(await by({ owner: org })).toEqual([ids.team]);
    expect(await by({ owner: org, status: "expired" })).toEqual([]);
  });

  it("sorts by expiry, last use and name, and pages the result", async () => {
    const { user, ids } = await world();
    const order = async (sort: "expiry" | "last-used" | "name") =>
      (await listApiKeys(t.db, user, undefined, { sort }, now)).map((k) => k.id);
    expect(await order("expiry")).toEqual([ids.old, ids.nightly, ids.team, ids.leaked, ids.deploy]);
    expect((await order("last-used")).slice(0, 2)).toEqual([ids.deploy, ids.nightly]);
    expect(await order("name")).toEqual([ids.deploy, ids.leaked, ids.old, ids.team, ids.nightly]);
    const second = await listApiKeys(t.db, user, { skip: 2, take: 2 }, { sort: "name" }, now);
    expect(second.map((k) => k.id)).toEqual([ids.old, ids.team]);
    const page = await findApiKeyPage(t.db, user, { sort: "name" }, 2, 2, now);
    expect(page).toMatchObject({ total: 5, page: 2 });
    expect(page.keys.map((k) => k.id)).toEqual([ids.old, ids.team]);
    const beyond = await findApiKeyPage(t.db, user, { q: "deploy" }, 9, 2, now);
    expect(beyond).toMatchObject({ total: 1, page: 1 });
    expect(beyond.keys.map((k) => k.id)).toEqual([ids.deploy]);
  });
});
