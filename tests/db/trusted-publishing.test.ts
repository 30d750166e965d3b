import { SignJWT, generateKeyPair } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { purgeExpiredShortLived } from "@/lib/jobs/expiry";
import { countApiKeys, listApiKeys, listKeysNeedingAttention } from "@/lib/db/api-keys";
import { pushPackage } from "@/lib/nuget/service";
import { DAY_MS } from "@/lib/keys/expiry";
import { oidcVerifier } from "@/lib/trusted-publishing/oidc";
import {
  createPolicy,
  deletePolicy,
  editPolicy,
  listPolicies,
  POLICY_NOT_FOUND,
  policyUsage,
  reactivatePolicy,
} from "@/lib/trusted-publishing/policies";
import { policyFieldsSchema } from "@/lib/trusted-publishing/schemas";
import { answerTokenRequest } from "@/lib/trusted-publishing/token-endpoint";
import { buildNupkg } from "@/tests/support/build-nupkg";
import { snapshot } from "@/tests/support/db-snapshot";
import { makeOrganization, makeUser } from "@/tests/support/factories";
import { startOidcIssuer, type GithubClaimOptions, type OidcIssuer } from "@/tests/support/oidc-issuer";
import { useServiceFixture } from "@/tests/support/service-deps";
import { DATABASES } from "@/tests/support/test-db";

let issuer: OidcIssuer;
beforeAll(async () => {
  issuer = await startOidcIssuer();
});
afterAll(() => issuer.close());

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

describe.each(DATABASES)("Trusted Publishing on %s", (kind) => {
  const { t, deps } = useServiceFixture(kind);

  const verify = () => oidcVerifier({ issuer: issuer.url, audience: issuer.audience });

  /** POST /api/v2/token exactly as NuGet/login sends it. */
  async function exchange(token: string, username: string, now?: Date) {
    const request = new Request("http://gallery.test/api/v2/token", {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      body: JSON.stringify({ username, tokenType: "ApiKey" }),
    });
    const response = await answerTokenRequest(request, { db: t.db, verify: verify(), keyMinutes: 60, now });
    return { status: response.status, body: (await response.json()) as Record<string, string> };
  }

  let n = 0;
  /** A user with a policy for `owner/repo` (unique per call) and the token options that fit it. */
  async function setUp(policy: { environment?: string; ownerId?: string; createdAt?: Date } = {}) {
    const username = `tp${++n}${kind}${Date.now().toString(36)}`;
    const userId = await makeUser(t.db, username);
    const repositoryOwner = `Contoso${n}`;
    const created = await createPolicy(
      t.db,
      userId,
      policyFieldsSchema.parse({
        name: `release ${n}`,
        ownerId: policy.ownerId ?? userId,
        repositoryOwner,
        repository: "Widgets",
        workflowFile: "Release.yml",
        environment: policy.environment ?? "",
      }),
      policy.createdAt,
    );
    if (!created.ok) throw new Error(created.error);
    const fits: GithubClaimOptions = {
      repositoryOwner: repositoryOwner.toLowerCase(),
      repository: `${repositoryOwner.toLowerCase()}/widgets`,
      workflowFile: "release.yml",
      repositoryId: `${1000 + n}`,
      ...(policy.environment ? { environment: policy.environment } : {}),
    };
    return { username, userId, policyId: created.data.id, fits };
  }

  const push = (apiKey: string, id: string, now?: Date) =>
    pushPackage(deps, { apiKey, ip: "127.0.0.1", userAgent: "NuGet Command Line", now }, () =>
      buildNupkg({ id, version: "1.0.0" }),
    );

  it("exchanges a fitting token for a one-hour push key that pushes, and stays off the keys page", async () => {
    const { username, userId, policyId, fits } = await setUp();
    const before = Date.now();
    const { status, body } = await exchange(await issuer.mint(fits), username);
    expect(status).toBe(200);
    expect(Object.keys(body).sort()).toEqual(["apiKey", "expires", "tokenType"]);
    expect(body.tokenType).toBe("ApiKey");
    expect(body.apiKey).toMatch(/^ngk_/);
    const expires = new Date(body.expires!).getTime();
    expect(expires).toBeGreaterThanOrEqual(before + 3_600_000 - 1000);
    expect(expires).toBeLessThanOrEqual(Date.now() + 3_600_000);

    const pushed = await push(body.apiKey!, `Tp.${n}.Pkg`);
    expect(pushed.status).toBe(201);
    // An hour's life is what a Trusted Publishing key is for: no expiry warning.
    expect(pushed.headers["X-NuGet-Warning"]).toBeUndefined();

    const key = await t.db.apiKey.findFirstOrThrow({ where: { policyId }, include: { scopes: true } });
    expect(key).toMatchObject({ shortLived: true, ownerId: userId, creatorId: userId, glob: "*" });
    expect(key.scopes.map((s) => s.scope)).toEqual(["package:push"]);
    const audit = await t.db.auditEvent.findFirstOrThrow({
      where: { action: "trustedpublishing.exchange", keyId: key.id },
    });
    expect(JSON.parse(audit.detail!)).toMatchObject({
      policyId,
      repository: fits.repository,
      runId: "9876543210",
      workflow: "Release",
    });
    const policy = await t.db.trustedPublishingPolicy.findUniqueOrThrow({ where: { id: policyId } });
    expect(policy).toMatchObject({ repositoryId: fits.repositoryId, repositoryOwnerId: "654321" });
    expect(policy.lastUsedAt).not.toBeNull();

    expect(await listApiKeys(t.db, userId)).toEqual([]);
    expect(await countApiKeys(t.db, userId)).toBe(0);
    expect(await listKeysNeedingAttention(t.db, userId, new Date())).toEqual({ expired: [], expiring: [] });
    const [view] = await listPolicies(t.db, userId);
    expect(view).toMatchObject({ state: { kind: "active" }, recentKeys: [{ id: key.id }] });
  });

  it("accepts each token once", async () => {
    const { username, fits } = await setUp();
    const token = await issuer.mint(fits);
    expect((await exchange(token, username)).status).toBe(200);
    expect(await exchange(token, username)).toEqual({
      status: 401,
      body: { error: "This token has already been used." },
    });
  });

  it.each<[string, (fits: GithubClaimOptions) => GithubClaimOptions, RegExp]>([
    ["another repository", (f) => ({ ...f, repository: `${f.repositoryOwner}/gadgets` }), /repository is/],
    ["another repository owner", (f) => ({ ...f, repositoryOwner: "fabrikam" }), /repository owner is "fabrikam"/],
    ["another workflow", (f) => ({ ...f, workflowFile: "ci.yml" }), /workflow file is "ci.yml"/],
    ["the wrong audience", (f) => ({ ...f, audience: "https://www.nuget.org" }), /audience/],
    ["the wrong issuer", (f) => ({ ...f, issuer: "https://token.actions.example.com" }), /not issued by the trusted/],
    ["an expired token", (f) => ({ ...f, iat: Math.floor(Date.now() / 1000) - 3600, lifetime: 600 }), /expired/],
  ])("refuses a token from %s", async (_, change, reason) => {
    const { username, fits } = await setUp();
    const { status, body } = await exchange(await issuer.mint(change(fits)), username);
    expect(status).toBe(401);
    expect(body.error).toMatch(reason);
    expect(await t.db.apiKey.count({ where: { creator: { account: { username } } } })).toBe(0);
  });

  it("requires the policy's environment", async () => {
    const { username, fits } = await setUp({ environment: "nuget" });
    const wrong = await exchange(await issuer.mint({ ...fits, environment: "staging" }), username);
    expect(wrong).toMatchObject({ status: 401, body: { error: expect.stringMatching(/environment is "staging"/) } });
    const none = await exchange(await issuer.mint({ ...fits, environment: undefined }), username);
    expect(none).toMatchObject({ status: 401, body: { error: expect.stringMatching(/no environment/) } });
    expect((await exchange(await issuer.mint({ ...fits, environment: "NuGet" }), username)).status).toBe(200);
  });

  it("refuses unsigned, HMAC-signed and foreign-signed tokens", async () => {
    const { username, fits } = await setUp();
    const claims = issuer.claims(fits);
    const none = `${b64({ alg: "none", typ: "JWT" })}.${b64(claims)}.`;
    const hmac = await new SignJWT(claims)
      .setProtectedHeader({ alg: "HS256", kid: "local-issuer-key" })
      .sign(new TextEncoder().encode("a-shared-secret-of-at-least-32-bytes!!"));
    const { privateKey } = await generateKeyPair("RS256");
    const foreign = await issuer.mint({ ...fits, key: privateKey });
    for (const token of [none, hmac]) {
      const { status, body } = await exchange(token, username);
      expect(status).toBe(401);
      expect(body.error).toMatch(/algorithm is not accepted|malformed/);
    }
    expect(await exchange(foreign, username)).toEqual({
      status: 401,
      body: { error: "The token's signature is invalid." },
    });
    expect(await exchange("not-a-jwt", username)).toMatchObject({ status: 401 });
  });

  it("refuses malformed requests with a JSON error", async () => {
    const { username, fits } = await setUp();
    const token = await issuer.mint(fits);
    const send = async (init: RequestInit) => {
      const response = await answerTokenRequest(
        new Request("http://gallery.test/api/v2/token", { method: "POST", ...init }),
        {
          db: t.db,
          verify: verify(),
          keyMinutes: 60,
        },
      );
      return { status: response.status, body: (await response.json()) as { error?: string } };
    };
    expect(await send({ body: JSON.stringify({ username, tokenType: "ApiKey" }) })).toMatchObject({ status: 401 });
    const auth = { Authorization: `Bearer ${token}` };
    expect(await send({ headers: auth, body: "{" })).toMatchObject({ status: 400 });
    expect(await send({ headers: auth, body: JSON.stringify({ tokenType: "ApiKey" }) })).toMatchObject({ status: 400 });
    expect(await send({ headers: auth, body: JSON.stringify({ username, tokenType: "Other" }) })).toMatchObject({
      status: 400,
    });
    expect((await exchange(token, "nobody-by-this-name")).body.error).toMatch(/has no Trusted Publishing policy/);
  });

  it("refuses a re-created repository after the first use (resurrection)", async () => {
    const { username, fits } = await setUp();
    expect((await exchange(await issuer.mint(fits), username)).status).toBe(200);
    const { status, body } = await exchange(await issuer.mint({ ...fits, repositoryId: "999999" }), username);
    expect(status).toBe(401);
    expect(body.error).toMatch(/repository id 999999/);
    const owner = await exchange(await issuer.mint({ ...fits, repositoryOwnerId: "111" }), username);
    expect(owner.body.error).toMatch(/repository owner id 111/);
    expect((await exchange(await issuer.mint(fits), username)).status).toBe(200);
  });

  it("refuses a policy unused for 7 days until it is re-activated", async () => {
    const { username, userId, policyId, fits } = await setUp({ createdAt: new Date(Date.now() - 8 * DAY_MS) });
    expect((await listPolicies(t.db, userId))[0]!.state).toEqual({ kind: "expired-pending" });
    const { status, body } = await exchange(await issuer.mint(fits), username);
    expect(status).toBe(401);
    expect(body.error).toMatch(/re-activate/);
    expect(await reactivatePolicy(t.db, userId, policyId)).toEqual({ ok: true, data: undefined });
    expect((await listPolicies(t.db, userId))[0]!.state).toEqual({ kind: "pending", daysLeft: 7 });
    expect((await exchange(await issuer.mint(fits), username)).status).toBe(200);
  });

  it("makes a policy inactive once its creator leaves the organization", async () => {
    const creator = await makeUser(t.db, `tpc${++n}${kind}`);
    const org = await makeOrganization(t.db, [[creator, "admin"]]);
    const creatorName = (await t.db.account.findUniqueOrThrow({ where: { id: creator } })).username;
    const created = await createPolicy(
      t.db,
      creator,
      policyFieldsSchema.parse({
        name: "org release",
        ownerId: org,
        repositoryOwner: `OrgOwner${n}`,
        repository: "lib",
        workflowFile: "release.yml",
        environment: "",
      }),
    );
    if (!created.ok) throw new Error(created.error);
    const fits = { repositoryOwner: `OrgOwner${n}`, repository: `OrgOwner${n}/lib` };
    const first = await exchange(await issuer.mint(fits), creatorName);
    expect(first.status).toBe(200);
    expect(await t.db.apiKey.findFirst({ where: { policyId: created.data.id }, select: { ownerId: true } })).toEqual({
      ownerId: org,
    });
    await t.db.membership.deleteMany({ where: { organizationId: org, userId: creator } });
    expect((await listPolicies(t.db, creator))[0]!.state).toEqual({ kind: "inactive" });
    const { status, body } = await exchange(await issuer.mint(fits), creatorName);
    expect(status).toBe(401);
    expect(body.error).toMatch(/inactive/);
    // A stranger cannot create a policy for an organization they do not belong to.
    const refused = await createPolicy(
      t.db,
      creator,
      policyFieldsSchema.parse({
        ...fits,
        repository: "lib",
        name: "x",
        ownerId: org,
        workflowFile: "a.yml",
        environment: "",
      }),
    );
    expect(refused).toMatchObject({ ok: false, fieldErrors: { ownerId: [expect.any(String)] } });
  });

  it("refuses an issued key once its hour is over, and the job purges it", async () => {
    const { username, policyId, fits } = await setUp();
    const { body } = await exchange(await issuer.mint(fits), username);
    const later = new Date(Date.now() + 61 * 60_000);
    expect(await push(body.apiKey!, `Tp.Late.${n}`, later)).toMatchObject({
      status: 403,
      message: "This API key has expired.",
    });
    const usedBefore = await t.db.usedOidcToken.count();
    expect(usedBefore).toBeGreaterThan(0);
    const purged = await purgeExpiredShortLived(t.db, later);
    expect(purged.shortLivedKeys).toBeGreaterThanOrEqual(1);
    expect(purged.usedTokens).toBe(usedBefore);
    expect(await t.db.apiKey.count({ where: { policyId } })).toBe(0);
    expect(await t.db.apiKey.count({ where: { shortLived: false } })).toBeGreaterThanOrEqual(0);
  });

  it("shows a policy's uses to its creator only: each run, its key's state and what the key pushed", async () => {
    const { username, userId, policyId, fits } = await setUp();
    const other = await createPolicy(
      t.db,
      userId,
      policyFieldsSchema.parse({
        name: "other",
        ownerId: userId,
        repositoryOwner: "Elsewhere",
        repository: "Repo",
        workflowFile: "ci.yml",
        environment: "",
      }),
    );
    const first = await exchange(await issuer.mint({ ...fits, runId: "111" }), username);
    const second = await exchange(await issuer.mint({ ...fits, runId: "222" }), username, new Date(Date.now() + 1000));
    expect(await push(first.body.apiKey!, `Tp.Usage.${n}`)).toMatchObject({ status: 201 });

    const usage = await policyUsage(t.db, userId, policyId, 1, new Date(Date.now() + 2000));
    expect(usage).toMatchObject({ total: 2, page: 1, policy: { id: policyId, state: { kind: "active" } } });
    expect(usage!.uses.map((u) => u.runId)).toEqual(["222", "111"]);
    expect(usage!.uses[0]).toMatchObject({
      repository: fits.repository,
      workflowRef: `${fits.repository}/.github/workflows/release.yml@refs/heads/main`,
      key: { state: "active", expiresAt: new Date(second.body.expires!) },
      pushes: [],
    });
    expect(usage!.uses[1]!.pushes).toEqual([
      { packageId: `Tp.Usage.${n}`, version: "1.0.0", symbols: false, at: expect.any(Date) },
    ]);

    const later = new Date(Date.now() + 61 * 60_000);
    expect((await policyUsage(t.db, userId, policyId, 1, later))!.uses.map((u) => u.key.state)).toEqual([
      "expired",
      "expired",
    ]);
    await purgeExpiredShortLived(t.db, later);
    const purged = await policyUsage(t.db, userId, policyId, 1, later);
    expect(purged!.uses.map((u) => u.key.state)).toEqual(["purged", "purged"]);
    expect(purged!.uses[1]!.pushes).toHaveLength(1);

    expect(other.ok && (await policyUsage(t.db, userId, other.data.id, 1))).toMatchObject({ total: 0, uses: [] });
    expect(await policyUsage(t.db, await makeUser(t.db), policyId, 1)).toBeNull();
  });

  it("caps the key's lifetime at 60 minutes", async () => {
    const { username, fits } = await setUp();
    const now = new Date();
    const request = new Request("http://gallery.test/api/v2/token", {
      method: "POST",
      headers: { Authorization: `Bearer ${await issuer.mint(fits)}`, "Content-Type": "application/json" },
      body: JSON.stringify({ username, tokenType: "ApiKey" }),
    });
    const response = await answerTokenRequest(request, { db: t.db, verify: verify(), keyMinutes: 600, now });
    const body = (await response.json()) as { expires: string };
    expect(new Date(body.expires).getTime()).toBe(now.getTime() + 60 * 60_000);
  });

  it("lets only the creator see, edit, re-activate or delete a policy, changing nothing otherwise", async () => {
    const { userId, policyId } = await setUp();
    const stranger = await makeUser(t.db);
    expect(await listPolicies(t.db, stranger)).toEqual([]);
    const fields = policyFieldsSchema.parse({
      name: "stolen",
      ownerId: stranger,
      repositoryOwner: "evil",
      repository: "repo",
      workflowFile: "x.yml",
      environment: "",
    });
    const before = await snapshot(t.db);
    expect(await editPolicy(t.db, stranger, policyId, fields)).toEqual({ ok: false, error: POLICY_NOT_FOUND });
    expect(await reactivatePolicy(t.db, stranger, policyId)).toEqual({ ok: false, error: POLICY_NOT_FOUND });
    expect(await deletePolicy(t.db, stranger, policyId)).toEqual({ ok: false, error: POLICY_NOT_FOUND });
    expect(await snapshot(t.db)).toEqual(before);

    expect(await editPolicy(t.db, userId, policyId, { ...fields, ownerId: userId })).toMatchObject({ ok: true });
    expect((await listPolicies(t.db, userId))[0]).toMatchObject({ name: "stolen", repositoryOwner: "evil" });
    // The creator cannot move the policy to an owner they cannot act for.
    expect(await editPolicy(t.db, userId, policyId, fields)).toMatchObject({ ok: false });
    expect(await deletePolicy(t.db, userId, policyId)).toEqual({ ok: true, data: undefined });
    expect(await listPolicies(t.db, userId)).toEqual([]);
  });
});
