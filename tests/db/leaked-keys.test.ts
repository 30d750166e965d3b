import { generateKeyPairSync, sign, type KeyObject } from "node:crypto";
import { describe, expect, it } from "vitest";
import { answerLeakReport } from "@/lib/api-keys/leak-endpoint";
import { regenerateApiKey } from "@/lib/api-keys/regenerate-api-key";
import { listApiKeys } from "@/lib/db/api-keys";
import { mintKey } from "@/lib/keys/format";
import { pushPackage } from "@/lib/nuget/service";
import { ScanningKeys } from "@/lib/security/secret-scanning";
import { buildNupkg } from "@/tests/support/build-nupkg";
import { changes, snapshot } from "@/tests/support/db-snapshot";
import { emailOf, makeKey, makeOrganization, makeUser } from "@/tests/support/factories";
import { drainUsage, useServiceFixture } from "@/tests/support/service-deps";
import { DATABASES } from "@/tests/support/test-db";

const KEYS_URL = "https://keys.test/meta/public_keys/secret_scanning";
const pem = (key: KeyObject) => key.export({ type: "spki", format: "pem" }).toString();
const github = generateKeyPairSync("ec", { namedCurve: "P-256" });
const stranger = generateKeyPairSync("ec", { namedCurve: "P-256" });

/** GitHub's key list as a local server would serve it, counting fetches. */
function scanningKeys() {
  const fetched: string[] = [];
  const keys = new ScanningKeys(KEYS_URL, async (url) => {
    fetched.push(url);
    return Response.json({
      public_keys: [
        { key_identifier: "old", key: pem(stranger.publicKey), is_current: false },
        { key_identifier: "current", key: pem(github.publicKey), is_current: true },
      ],
    });
  });
  return { keys, fetched };
}

type Item = { token: string; type?: string; url?: string; source?: string };

function report(
  body: string | Item[],
  headers: { identifier?: string | null; signer?: KeyObject; signature?: string } = {},
): Request {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  const signature =
    headers.signature ??
    sign("sha256", Buffer.from(text), { key: headers.signer ?? github.privateKey, dsaEncoding: "der" }).toString(
      "base64",
    );
  const h = new Headers({ "content-type": "application/json" });
  if (headers.identifier !== null) h.set("github-public-key-identifier", headers.identifier ?? "current");
  if (signature) h.set("github-public-key-signature", signature);
  return new Request("http://gallery.test/api/secret-scanning", { method: "POST", body: text, headers: h });
}

describe.each(DATABASES)("leaked keys reported by secret scanning on %s", (kind) => {
  const { t, deps } = useServiceFixture(kind);
  const scanning = scanningKeys();
  const post = (request: Request) => answerLeakReport({ db: t.db, keys: scanning.keys }, request);

  it("revokes a reported key, keeps where it was found, mails the creator and the admins, audits without the token", async () => {
    const creator = await makeUser(t.db);
    const admin = await makeUser(t.db);
    const collaborator = await makeUser(t.db);
    const org = await makeOrganization(t.db, [
      [creator, "collaborator"],
      [admin, "admin"],
      [collaborator, "collaborator"],
    ]);
    const key = await makeKey(t.db, creator, { ownerId: org, scopes: ["package:push"], glob: "Leak.*" });
    const other = await makeKey(t.db, creator);
    const push = (id: string) =>
      pushPackage(deps, { apiKey: key.secret, ip: null, userAgent: null }, () => buildNupkg({ id, version: "1.0.0" }));
    expect((await push(`Leak.A${kind}`)).status).toBe(201);

    const url = "https://github.com/someone/repo/blob/abc/nuget.config";
    const forged = `ngk_${"A".repeat(49)}`;
    const unknown = mintKey().secret;
    const response = await post(
      report([
        { token: key.secret, type: "nuget_gallery_api_key", url: ` ${url} `, source: "content" },
        { token: "ngk_short", type: "nuget_gallery_api_key", url, source: "content" },
        { token: forged, type: "nuget_gallery_api_key", url, source: "commit" },
        { token: unknown, type: "nuget_gallery_api_key", url, source: "content" },
      ]),
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual([
      { token_raw: key.secret, token_type: "nuget_gallery_api_key", label: "true_positive" },
      { token_raw: "ngk_short", token_type: "nuget_gallery_api_key", label: "false_positive" },
      { token_raw: forged, token_type: "nuget_gallery_api_key", label: "false_positive" },
      { token_raw: unknown, token_type: "nuget_gallery_api_key", label: "false_positive" },
    ]);

    const row = await t.db.apiKey.findUniqueOrThrow({ where: { id: key.id } });
    expect(row.revokedAt).not.toBeNull();
    expect(row.revokedById).toBeNull();
    expect(row.revokedReason).toBe("found in a public place (GitHub: content)");
    expect(row.leakUrl).toBe(url);
    expect((await t.db.apiKey.findUniqueOrThrow({ where: { id: other.id } })).revokedAt).toBeNull();

    const card = (await listApiKeys(t.db, creator)).find((k) => k.id === key.id);
    expect(card).toMatchObject({ leakUrl: url, revokedReason: "found in a public place (GitHub: content)" });

    const mails = await t.db.outboxEmail.findMany({ where: { subject: { contains: key.name } } });
    expect(mails.map((m) => m.to).sort()).toEqual([await emailOf(t.db, admin), await emailOf(t.db, creator)].sort());
    for (const mail of mails) {
      expect(mail.subject).toMatch(/^API key revoked/);
      expect(mail.text).toContain(url);
      expect(mail.text).toContain("found in a public place");
      expect(mail.text).not.toContain(key.secret);
    }

    const audits = await t.db.auditEvent.findMany({ where: { action: "key.leaked" } });
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ actorId: null, accountId: org, keyId: key.id, keyName: key.name });
    expect(JSON.parse(audits[0]!.detail!)).toEqual({ url, source: "content", type: "nuget_gallery_api_key" });
    const everything = JSON.stringify(await snapshot(t.db));
    expect(everything).not.toContain(key.secret);

    // The push API refuses it at once, although it verified the key a moment ago.
    expect(await push(`Leak.B${kind}`)).toMatchObject({ status: 403, message: "This API key has been revoked." });

    // A second report answers the same and changes nothing.
    await drainUsage(deps.usage);
    const before = await snapshot(t.db);
    const again = await post(
      report([{ token: key.secret, type: "t", url: "https://elsewhere.test/", source: "issue" }]),
    );
    expect(await again.json()).toEqual([{ token_raw: key.secret, token_type: "t", label: "true_positive" }]);
    expect(changes(before, await snapshot(t.db))).toEqual({});
  });

  it("answers true_positive for a revoked or expired key and leaves it alone; a personal key mails its creator only", async () => {
    const user = await makeUser(t.db);
    const revoked = await makeKey(t.db, user);
    await t.db.apiKey.update({ where: { id: revoked.id }, data: { revokedAt: new Date(), revokedReason: "earlier" } });
    const expired = await makeKey(t.db, user);
    await t.db.apiKey.update({ where: { id: expired.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const before = await snapshot(t.db);
    const response = await post(report([{ token: revoked.secret }, { token: expired.secret, type: "x" }]));
    expect(await response.json()).toEqual([
      { token_raw: revoked.secret, token_type: "", label: "true_positive" },
      { token_raw: expired.secret, token_type: "x", label: "true_positive" },
    ]);
    expect(changes(before, await snapshot(t.db))).toEqual({});

    const personal = await makeKey(t.db, user);
    await post(report([{ token: personal.secret, url: "javascript:alert(1)", source: "gist" }]));
    const row = await t.db.apiKey.findUniqueOrThrow({ where: { id: personal.id } });
    expect(row).toMatchObject({ leakUrl: null, revokedReason: "found in a public place (GitHub: gist)" });
    const mails = await t.db.outboxEmail.findMany({ where: { subject: { contains: personal.name } } });
    expect(mails.map((m) => m.to)).toEqual([await emailOf(t.db, user)]);

    // Regenerating gives a fresh secret and clears the leak.
    const regenerated = await regenerateApiKey(t.db, user, personal.id);
    expect(regenerated.ok).toBe(true);
    expect(await t.db.apiKey.findUniqueOrThrow({ where: { id: personal.id } })).toMatchObject({
      leakUrl: null,
      revokedAt: null,
    });
  });

  it("refuses bad signatures, unknown identifiers and missing headers with 401 and changes nothing", async () => {
    const user = await makeUser(t.db);
    const key = await makeKey(t.db, user);
    const body = [{ token: key.secret, type: "t", url: "https://x.test/", source: "content" }];
    const before = await snapshot(t.db);
    const signed = report(body);
    const tampered = JSON.stringify([{ ...body[0], url: "https://y.test/" }]);
    const requests = [
      report(body, { signer: stranger.privateKey }), // signed by a key that is not "current"
      report(body, { identifier: "old" }), // GitHub's signature checked against another listed key
      report(body, { identifier: "nope" }), // unknown identifier
      report(body, { identifier: null }), // no identifier
      report(body, { signature: "" }), // no signature
      report(body, { signature: "not base64!" }),
      report(body, { signature: Buffer.from("garbage").toString("base64") }),
      new Request(signed.url, { method: "POST", body: tampered, headers: signed.headers }), // body changed after signing
    ];
    for (const request of requests) {
      const response = await post(request);
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ error: expect.any(String) });
    }
    expect(changes(before, await snapshot(t.db))).toEqual({});
    // The unknown identifier refetched the list once at most; the cache serves the rest.
    expect(scanning.fetched.length).toBeLessThanOrEqual(2);
    expect(scanning.fetched.every((u) => u === KEYS_URL)).toBe(true);
  });

  it("answers 400 to a validly signed body that is not a list of tokens, and 413 to an oversized one", async () => {
    const before = await snapshot(t.db);
    for (const body of ["{}", "not json", '[{"token": 1}]', "[1]", JSON.stringify(Array(1001).fill({ token: "x" }))]) {
      const response = await post(report(body));
      expect(response.status, body.slice(0, 20)).toBe(400);
    }
    const huge = JSON.stringify([{ token: "x", url: "a".repeat(1024 * 1024) }]);
    expect((await post(report(huge))).status).toBe(413);
    expect(changes(before, await snapshot(t.db))).toEqual({});
  });
});
