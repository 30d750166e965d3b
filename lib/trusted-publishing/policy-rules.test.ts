import { describe, expect, it } from "vitest";
import { DAY_MS } from "@/lib/keys/expiry";
import { criteriaMismatch, policyState, workflowFileOf, type GithubClaims, type PolicyCriteria } from "./policy-rules";

const POLICY: PolicyCriteria = {
  name: "release",
  repositoryOwner: "Contoso",
  repository: "Widgets",
  workflowFile: "Release.yml",
  environment: null,
  repositoryId: null,
  repositoryOwnerId: null,
};

const CLAIMS: GithubClaims = {
  jti: "j",
  exp: 0,
  repository: "contoso/widgets",
  repository_owner: "contoso",
  repository_id: "1",
  repository_owner_id: "2",
  job_workflow_ref: "contoso/widgets/.github/workflows/release.yml@refs/heads/main",
  workflow: "Release",
  run_id: "3",
  environment: null,
};

describe("workflowFileOf", () => {
  it("reads the file name from job_workflow_ref", () => {
    expect(workflowFileOf(CLAIMS.job_workflow_ref)).toBe("release.yml");
    expect(workflowFileOf("o/r/.github/workflows/sub/x.yaml@refs/tags/v1")).toBe("sub/x.yaml");
    expect(workflowFileOf("o/r/other/x.yml@main")).toBeNull();
  });
});

describe("criteriaMismatch", () => {
  it("matches owner, repository and workflow ignoring case", () => {
    expect(criteriaMismatch(POLICY, CLAIMS)).toBeNull();
  });

  it("names the first criterion that does not fit", () => {
    expect(criteriaMismatch(POLICY, { ...CLAIMS, repository_owner: "x" })).toMatch(/repository owner/);
    expect(criteriaMismatch(POLICY, { ...CLAIMS, repository: "contoso/gadgets" })).toMatch(/repository is/);
    expect(
      criteriaMismatch(POLICY, { ...CLAIMS, job_workflow_ref: "contoso/widgets/.github/workflows/ci.yml@x" }),
    ).toMatch(/workflow file/);
    expect(criteriaMismatch({ ...POLICY, environment: "prod" }, CLAIMS)).toMatch(/no environment/);
    expect(criteriaMismatch({ ...POLICY, environment: "prod" }, { ...CLAIMS, environment: "PROD" })).toBeNull();
    expect(criteriaMismatch({ ...POLICY, repositoryId: "9" }, CLAIMS)).toMatch(/repository id 1/);
    expect(criteriaMismatch({ ...POLICY, repositoryId: "1", repositoryOwnerId: "9" }, CLAIMS)).toMatch(/owner id 2/);
  });
});

describe("policyState", () => {
  const now = new Date("2026-01-10T00:00:00Z");
  it("is pending for 7 days after activation, then needs re-activation", () => {
    expect(policyState({ activatedAt: now, repositoryId: null }, true, now)).toEqual({ kind: "pending", daysLeft: 7 });
    const old = new Date(now.getTime() - 7 * DAY_MS);
    expect(policyState({ activatedAt: old, repositoryId: null }, true, now)).toEqual({ kind: "expired-pending" });
    expect(policyState({ activatedAt: old, repositoryId: "1" }, true, now)).toEqual({ kind: "active" });
    expect(policyState({ activatedAt: now, repositoryId: "1" }, false, now)).toEqual({ kind: "inactive" });
  });
});
