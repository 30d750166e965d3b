import { describe, expect, it } from "vitest";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { deleteApiKey } from "@/lib/api-keys/delete-api-key";
import { editApiKey } from "@/lib/api-keys/edit-api-key";
import { KEY_NOT_FOUND } from "@/lib/api-keys/own-key";
import { regenerateApiKey } from "@/lib/api-keys/regenerate-api-key";
import { revokeApiKey } from "@/lib/api-keys/revoke-api-key";
import { countApiKeys, listApiKeys, listKeysNeedingAttention } from "@/lib/db/api-keys";
import { hashKey } from "@/lib/keys/format";
import { createKeySchema } from "@/lib/keys/schemas";
import { makeKey, makeOrganization, makePackage, makeUser } from "@/tests/support/factories";
import { DATABASES, useTestDb } from "@/tests/support/test-db";

const DAY = 86_400_000;

describe.each(DATABASES)("API key mutations on %s", (kind) => {
  const t = useTestDb(kind);

  const input = (ownerId: string, extra: Record<string, unknown> = {}) =>
    createKeySchema.parse({
      name: "CI",
      expiresInDays: 90,
      ownerId,
      scopes: ["package:push"],
      packages: [],
      glob: "A.*",
      ...extra,
    });

  it("creates a key with its scopes, subjects, expiry and an audit event without the secret", async () => {
    const user = await makeUser(t.db);
    await makePackage(t.db, user, `Mine.${user}`);
    const now = new Date("2026-06-01T00:00:00Z");
    const result = await createApiKey(
      t.db,
      user,
      input(user, { packages: [`mine.${user}`], scopes: ["package:pushversion", "package:unlist"] }),
      now,
    );
    if (!result.ok) throw new Error(result.error);
    const { secret, key } = result.data;
    expect(key.expiresAt).toEqual(new Date(now.getTime() + 90 * DAY));
    expect(key.scopes.sort()).toEqual(["package:pushversion", "package:unlist"]);
    expect(key.packages).toEqual([`mine.${user}`]);
    const stored = await t.db.apiKey.findUniqueOrThrow({ where: { id: key.id } });
    expect(stored.hash).toBe(hashKey(secret));
    const audit = await t.db.auditEvent.findMany({ where: { keyId: key.id } });
    expect(audit.map((a) => a.action)).toEqual(["key.create"]);
    expect(JSON.stringify(audit)).not.toContain(secret);
  });

  it("refuses an owner the user does not belong to, and packages the owner does not own", async () => {
    const user = await makeUser(t.db);
    const stranger = await makeUser(t.db);
    const foreignOrg = await makeOrganization(t.db, [[stranger, "admin"]]);
    await makePackage(t.db, stranger, `Theirs.${stranger}`);
    const before = await t.db.apiKey.count();
    expect(await createApiKey(t.db, user, input(stranger))).toMatchObject({
      ok: false,
      fieldErrors: { ownerId: [expect.any(String)] },
    });
    expect(await createApiKey(t.db, user, input(foreignOrg))).toMatchObject({
      ok: false,
      fieldErrors: { ownerId: [expect.any(String)] },
    });
    expect(await createApiKey(t.db, user, input(user, { packages: [`Theirs.${stranger}`] }))).toMatchObject({
      ok: false,
      fieldErrors: { packages: [expect.any(String)] },
    });
    expect(await t.db.apiKey.count()).toBe(before);
  });

  it("lets a member create keys for the organization", async () => {
    const user = await makeUser(t.db);
    const org = await makeOrganization(t.db, [[user, "collaborator"]]);
    const result = await createApiKey(t.db, user, input(org));
    expect(result.ok && result.data.key.owner.id).toBe(org);
  });

  it("edits only packages and glob, and only the creator's scoped keys", async () => {
    const user = await makeUser(t.db);
    const other = await makeUser(t.db);
    await makePackage(t.db, user, `Edit.${user}`);
    const key = await makeKey(t.db, user, { glob: "Old.*", scopes: ["package:unlist"] });
    const edited = await editApiKey(t.db, user, { keyId: key.id, packages: [`Edit.${user}`], glob: "" });
    expect(edited).toMatchObject({
      ok: true,
      data: { glob: null, packages: [`Edit.${user}`], scopes: ["package:unlist"] },
    });
    expect(await editApiKey(t.db, other, { keyId: key.id, packages: [], glob: "*" })).toEqual({
      ok: false,
      error: KEY_NOT_FOUND,
    });
    const legacy = await t.db.apiKey.update({ where: { id: key.id }, data: { legacy: true } });
    expect(await editApiKey(t.db, user, { keyId: legacy.id, packages: [], glob: "*" })).toEqual({
      ok: false,
      error: KEY_NOT_FOUND,
    });
  });

  it("regenerates: new hash, expiry counted from now, revocation cleared; the old hash is gone", async () => {
    const user = await makeUser(t.db);
    const key = await makeKey(t.db, user);
    await revokeApiKey(t.db, user, key.id);
    const now = new Date("2027-01-01T00:00:00Z");
    const result = await regenerateApiKey(t.db, user, key.id, now);
    if (!result.ok) throw new Error(result.error);
    expect(result.data.secret).not.toBe(key.secret);
    expect(result.data.key).toMatchObject({ revokedAt: null, expiresAt: new Date(now.getTime() + 365 * DAY) });
    expect(await t.db.apiKey.count({ where: { hash: key.hash } })).toBe(0);
    expect(await t.db.apiKey.count({ where: { hash: hashKey(result.data.secret) } })).toBe(1);
  });

  it("revokes and deletes only the creator's keys; a stranger gets not found and changes nothing", async () => {
    const user = await makeUser(t.db);
    const stranger = await makeUser(t.db);
    const key = await makeKey(t.db, user);
    for (const call of [revokeApiKey, deleteApiKey, regenerateApiKey]) {
      expect(await call(t.db, stranger, key.id)).toEqual({ ok: false, error: KEY_NOT_FOUND });
    }
    const untouched = await t.db.apiKey.findUniqueOrThrow({ where: { id: key.id } });
    expect(untouched).toMatchObject({ hash: key.hash, revokedAt: null });
    expect(await revokeApiKey(t.db, user, key.id)).toEqual({ ok: true, data: undefined });
    expect((await t.db.apiKey.findUniqueOrThrow({ where: { id: key.id } })).revokedReason).toBe(
      "Revoked by its creator",
    );
    expect(await deleteApiKey(t.db, user, key.id)).toEqual({ ok: true, data: undefined });
    expect(await t.db.apiKey.count({ where: { id: key.id } })).toBe(0);
    const trail = await t.db.auditEvent.findMany({ where: { keyId: key.id } });
    expect(trail.map((a) => a.action).sort()).toEqual(["key.delete", "key.revoke"]);
  });

  it("pages the list newest first and names every expired or expiring key for the banner", async () => {
    const user = await makeUser(t.db);
    const now = Date.now();
    for (let i = 0; i < 30; i++) {
      const key = await makeKey(t.db, user, { name: `k${String(i).padStart(2, "0")}` });
      await t.db.apiKey.update({ where: { id: key.id }, data: { createdAt: new Date(now - (30 - i) * 1000) } });
    }
    const keys = await t.db.apiKey.findMany({ where: { creatorId: user }, orderBy: { createdAt: "asc" } });
    await t.db.apiKey.update({ where: { id: keys[0]!.id }, data: { expiresAt: new Date(now - DAY) } });
    await t.db.apiKey.update({ where: { id: keys[1]!.id }, data: { expiresAt: new Date(now + 3 * DAY) } });
    await t.db.apiKey.update({
      where: { id: keys[2]!.id },
      data: { expiresAt: new Date(now - DAY), revokedAt: new Date() },
    });
    expect(await countApiKeys(t.db, user)).toBe(30);
    const second = await listApiKeys(t.db, user, { skip: 25, take: 25 });
    expect(second.map((k) => k.name)).toEqual(["k04", "k03", "k02", "k01", "k00"]);
    expect(await listKeysNeedingAttention(t.db, user, new Date(now))).toEqual({ expired: ["k00"], expiring: ["k01"] });
  });
});
