import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readEnv } from "@/lib/env";
import { pushPackage } from "@/lib/nuget/service";
import { demoNumericId, mintDemoToken } from "@/lib/trusted-publishing/demo-issuer";
import { createPolicy, listPolicies } from "@/lib/trusted-publishing/policies";
import { demoTokenSchema, policyFieldsSchema } from "@/lib/trusted-publishing/schemas";
import { answerTokenRequest } from "@/lib/trusted-publishing/token-endpoint";
import { trustedIssuers } from "@/lib/trusted-publishing/trusted-issuers";
import { DEMO_POLICY, seed } from "@/prisma/seed";
import { buildNupkg } from "@/tests/support/build-nupkg";
import { makeUser } from "@/tests/support/factories";
import { startOidcIssuer, type OidcIssuer } from "@/tests/support/oidc-issuer";
import { useServiceFixture } from "@/tests/support/service-deps";
import { DATABASES } from "@/tests/support/test-db";

const ORIGIN = "http://gallery.test";
const SECRET = "demo-issuer-db-test-secret-0123456789abcdef";

let github: OidcIssuer;
beforeAll(async () => {
  github = await startOidcIssuer(ORIGIN);
});
afterAll(() => github.close());

describe.each(DATABASES)("the demo token issuer on %s", (kind) => {
  const { t, deps } = useServiceFixture(kind);
  const settings = (demoMode: boolean) =>
    readEnv({ AUTH_SECRET: SECRET, DEMO_MODE: demoMode ? "1" : "0", OIDC_GITHUB_ISSUER: github.url });

  /** POST /api/v2/token as NuGet/login sends it, to the endpoint the route serves. */
  async function exchange(token: string, username: string, demoMode = true) {
    const request = new Request(`${ORIGIN}/api/v2/token`, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json", Host: "gallery.test" },
      body: JSON.stringify({ username, tokenType: "ApiKey" }),
    });
    const verify = trustedIssuers(settings(demoMode), ORIGIN);
    const response = await answerTokenRequest(request, { db: t.db, verify, keyMinutes: 60 });
    return { status: response.status, body: (await response.json()) as Record<string, string> };
  }

  const mint = async (repository: string, username: string) =>
    (
      await mintDemoToken(demoTokenSchema.parse({ repository, workflowFile: "release.yml", environment: "" }), {
        origin: ORIGIN,
        audience: ORIGIN,
        secret: SECRET,
        username,
      })
    ).token;

  let n = 0;
  async function userWithPolicy() {
    const username = `demo${++n}${kind}${Date.now().toString(36)}`;
    const userId = await makeUser(t.db, username);
    const repositoryOwner = `demo-owner-${n}`;
    const created = await createPolicy(
      t.db,
      userId,
      policyFieldsSchema.parse({
        name: `demo ${n}`,
        ownerId: userId,
        repositoryOwner,
        repository: "widgets",
        workflowFile: "release.yml",
        environment: "",
      }),
    );
    if (!created.ok) throw new Error(created.error);
    return { username, userId, policyId: created.data.id, repository: `${repositoryOwner}/widgets` };
  }

  it("in demo mode, trades a minted token for a key that pushes, and each later mint keeps the pinned ids", async () => {
    const { username, userId, policyId, repository } = await userWithPolicy();
    const { status, body } = await exchange(await mint(repository, username), username);
    expect(status).toBe(200);
    expect(body).toMatchObject({ tokenType: "ApiKey", apiKey: expect.stringMatching(/^ngk_/) });
    const pushed = await pushPackage(
      deps,
      { apiKey: body.apiKey!, ip: "127.0.0.1", userAgent: "NuGet Command Line" },
      () => buildNupkg({ id: `Demo.Issuer.${n}`, version: "1.0.0" }),
    );
    expect(pushed.status).toBe(201);
    expect(await t.db.trustedPublishingPolicy.findUniqueOrThrow({ where: { id: policyId } })).toMatchObject({
      repositoryId: demoNumericId("repository", repository),
      repositoryOwnerId: demoNumericId("owner", repository.split("/")[0]!),
    });
    expect((await listPolicies(t.db, userId))[0]!.state).toEqual({ kind: "active" });
    // A new token for the same repository, typed in another case, still fits the ids pinned at first use.
    expect((await exchange(await mint(repository.toUpperCase(), username), username)).status).toBe(200);
  });

  it("outside demo mode, refuses the same token as not issued by the trusted issuer", async () => {
    const { username, policyId, repository } = await userWithPolicy();
    expect(await exchange(await mint(repository, username), username, false)).toEqual({
      status: 401,
      body: { error: "The token was not issued by the trusted issuer." },
    });
    expect(await t.db.apiKey.count({ where: { policyId } })).toBe(0);
  });

  it("keeps refusing a demo token for a repository the policy does not name", async () => {
    const { username } = await userWithPolicy();
    const { status, body } = await exchange(await mint("someone-else/widgets", username), username);
    expect(status).toBe(401);
    expect(body.error).toMatch(/repository owner is "someone-else"/);
  });

  it("accepts a demo token only for the gallery user who minted it", async () => {
    const { username, policyId, repository } = await userWithPolicy();
    const stranger = await makeUser(t.db, `stranger${n}${kind}${Date.now().toString(36)}`);
    const strangerName = (await t.db.account.findUniqueOrThrow({ where: { id: stranger } })).username;
    expect(await exchange(await mint(repository, strangerName), username)).toEqual({
      status: 401,
      body: { error: `This demo token was minted for "${strangerName}": only their policies accept it.` },
    });
    expect(await t.db.apiKey.count({ where: { policyId } })).toBe(0);
    expect((await exchange(await mint(repository, username.toUpperCase()), username)).status).toBe(200);
  });

  it("still accepts GitHub's tokens in demo mode", async () => {
    const { username, repository } = await userWithPolicy();
    const [owner] = repository.split("/");
    const token = await github.mint({ repositoryOwner: owner, repository });
    expect((await exchange(token, username)).status).toBe(200);
  });

  it("lets seeded alice try it: her demo policy accepts a token for alice-demo/widgets", async () => {
    await seed(t.db);
    const repository = `${DEMO_POLICY.repositoryOwner}/${DEMO_POLICY.repository}`;
    const { status } = await exchange(await mint(repository, "alice"), "alice");
    expect(status).toBe(200);
    const policy = await t.db.trustedPublishingPolicy.findFirstOrThrow({ where: { name: DEMO_POLICY.name } });
    expect(policy.lastUsedAt).not.toBeNull();
    // Seeding again brings the policy back to pending its first use, without a second one.
    await seed(t.db);
    expect(await t.db.trustedPublishingPolicy.findMany({ where: { name: DEMO_POLICY.name } })).toMatchObject([
      { repositoryId: null, repositoryOwnerId: null, environment: null },
    ]);
  });
});
