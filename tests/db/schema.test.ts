import { describe, expect, it } from "vitest";
import { listApiKeys } from "@/lib/db/api-keys";
import { seed } from "@/prisma/seed";
import { makeKey, makeOrganization, makePackage, makeUser } from "@/tests/support/factories";
import { DATABASES, useTestDb } from "@/tests/support/test-db";

describe.each(DATABASES)("schema rules on %s", (kind) => {
  const t = useTestDb(kind);

  it("refuses a package id that differs from an existing one only in case", async () => {
    const owner = await makeUser(t.db);
    await makePackage(t.db, owner, "Contoso.Widgets");
    await expect(makePackage(t.db, owner, "contoso.WIDGETS")).rejects.toMatchObject({ code: "P2002" });
    expect(await t.db.package.count({ where: { idKey: "contoso.widgets" } })).toBe(1);
  });

  it("refuses two versions of one package that differ only in case", async () => {
    const owner = await makeUser(t.db);
    const pkg = await makePackage(t.db, owner, "Case.Versions", ["1.0.0-Beta"]);
    await expect(
      t.db.packageVersion.create({ data: { packageId: pkg.id, version: "1.0.0-beta", versionKey: "1.0.0-beta" } }),
    ).rejects.toMatchObject({ code: "P2002" });
  });

  it("refuses a second key with the same hash", async () => {
    const user = await makeUser(t.db);
    const key = await makeKey(t.db, user);
    await expect(
      t.db.apiKey.create({ data: { name: "copy", creatorId: user, ownerId: user, hash: key.hash, hint: key.hint } }),
    ).rejects.toMatchObject({ code: "P2002" });
  });

  it("finds a key by its hash with a point lookup", async () => {
    const user = await makeUser(t.db);
    const key = await makeKey(t.db, user, { name: "lookup" });
    const found = await t.db.apiKey.findUnique({ where: { hash: key.hash }, select: { name: true } });
    expect(found?.name).toBe("lookup");
  });

  it("deleting a key removes its scopes, subjects and usage but keeps the audit trail", async () => {
    const user = await makeUser(t.db);
    const key = await makeKey(t.db, user, { scopes: ["package:push", "package:unlist"], packages: ["A.B"] });
    await t.db.usageEvent.create({ data: { keyId: key.id, action: "push", status: 201, result: "Created" } });
    await t.db.auditEvent.create({
      data: { accountId: user, actorId: user, keyId: key.id, keyName: key.name, action: "key.create" },
    });
    await t.db.apiKey.delete({ where: { id: key.id } });
    expect(await t.db.apiKeyScope.count({ where: { keyId: key.id } })).toBe(0);
    expect(await t.db.apiKeySubject.count({ where: { keyId: key.id } })).toBe(0);
    expect(await t.db.usageEvent.count({ where: { keyId: key.id } })).toBe(0);
    expect(await t.db.auditEvent.count({ where: { keyId: key.id } })).toBe(1);
  });

  it("deleting an account removes its user, keys, packages, versions and memberships", async () => {
    const user = await makeUser(t.db);
    const org = await makeOrganization(t.db, [[user, "admin"]]);
    const pkg = await makePackage(t.db, user, `Mine.${Date.now()}`, ["1.0.0"]);
    const key = await makeKey(t.db, user, { packages: [pkg.packageId] });
    await t.db.account.delete({ where: { id: user } });
    expect(await t.db.user.count({ where: { id: user } })).toBe(0);
    expect(await t.db.apiKey.count({ where: { id: key.id } })).toBe(0);
    expect(await t.db.apiKeyScope.count({ where: { keyId: key.id } })).toBe(0);
    expect(await t.db.package.count({ where: { id: pkg.id } })).toBe(0);
    expect(await t.db.packageVersion.count({ where: { packageId: pkg.id } })).toBe(0);
    expect(await t.db.membership.count({ where: { organizationId: org } })).toBe(0);
    expect(await t.db.organization.count({ where: { id: org } })).toBe(1);
  });

  it("deleting an organization removes the keys scoped to it, even those its members created", async () => {
    const user = await makeUser(t.db);
    const org = await makeOrganization(t.db, [[user, "collaborator"]]);
    const orgKey = await makeKey(t.db, user, { ownerId: org });
    const ownKey = await makeKey(t.db, user);
    await t.db.account.delete({ where: { id: org } });
    expect(await t.db.apiKey.count({ where: { id: orgKey.id } })).toBe(0);
    expect(await t.db.apiKey.count({ where: { id: ownKey.id } })).toBe(1);
  });

  it("lists only the keys the user created, newest first, without secrets", async () => {
    const a = await makeUser(t.db);
    const b = await makeUser(t.db);
    await makeKey(t.db, a, { name: "first" });
    await new Promise((r) => setTimeout(r, 5));
    await makeKey(t.db, a, { name: "second" });
    await makeKey(t.db, b, { name: "other" });
    const keys = await listApiKeys(t.db, a);
    expect(keys.map((k) => k.name)).toEqual(["second", "first"]);
    expect(JSON.stringify(keys)).not.toMatch(/"hash"/);
  });

  it("seeds the demo idempotently", async () => {
    await seed(t.db);
    const counts = async () => ({
      users: await t.db.user.count(),
      keys: await t.db.apiKey.count(),
      packages: await t.db.package.count(),
      versions: await t.db.packageVersion.count(),
      memberships: await t.db.membership.count(),
      scopes: await t.db.apiKeyScope.count(),
      subjects: await t.db.apiKeySubject.count(),
      policies: await t.db.trustedPublishingPolicy.count(),
    });
    const first = await counts();
    await seed(t.db);
    expect(await counts()).toEqual(first);
    const alice = await t.db.user.findUniqueOrThrow({ where: { email: "alice@example.com" } });
    const states = (await listApiKeys(t.db, alice.id)).map((k) => ({
      legacy: k.legacy,
      revoked: Boolean(k.revokedAt),
    }));
    expect(states).toContainEqual({ legacy: true, revoked: false });
    expect(states).toContainEqual({ legacy: false, revoked: true });
  });
});
