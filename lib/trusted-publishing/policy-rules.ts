import { DAY_MS } from "@/lib/keys/expiry";

/** A policy never used stays active this long after (re-)activation, then its owner must re-activate it. */
export const PENDING_DAYS = 7;

/** The GitHub Actions claims a policy is matched on. */
export type GithubClaims = {
  jti: string;
  exp: number;
  repository: string;
  repository_owner: string;
  repository_id: string;
  repository_owner_id: string;
  job_workflow_ref: string;
  workflow: string | null;
  run_id: string | null;
  environment: string | null;
  /** Set by the demo issuer: the one gallery user whose policies may accept the token. */
  galleryUser?: string;
};

export type PolicyCriteria = {
  name: string;
  repositoryOwner: string;
  repository: string;
  workflowFile: string;
  environment: string | null;
  repositoryId: string | null;
  repositoryOwnerId: string | null;
};

export type PolicyState =
  { kind: "active" } | { kind: "pending"; daysLeft: number } | { kind: "expired-pending" } | { kind: "inactive" };

/** Active once used; pending first use for PENDING_DAYS after activation; inactive once the creator left the owner. */
export function policyState(
  policy: { activatedAt: Date; repositoryId: string | null },
  creatorCanAct: boolean,
  now: Date,
): PolicyState {
  if (!creatorCanAct) return { kind: "inactive" };
  if (policy.repositoryId !== null) return { kind: "active" };
  const left = policy.activatedAt.getTime() + PENDING_DAYS * DAY_MS - now.getTime();
  if (left <= 0) return { kind: "expired-pending" };
  return { kind: "pending", daysLeft: Math.ceil(left / DAY_MS) };
}

/** The workflow file of `owner/repo/.github/workflows/release.yml@refs/heads/main`: `release.yml`. */
export function workflowFileOf(jobWorkflowRef: string): string | null {
  const match = /^[^/]+\/[^/]+\/\.github\/workflows\/([^@]+)@/.exec(jobWorkflowRef);
  return match ? match[1]! : null;
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** Why the token does not fit the policy's criteria, or null when it does. */
export function criteriaMismatch(policy: PolicyCriteria, claims: GithubClaims): string | null {
  if (!same(policy.repositoryOwner, claims.repository_owner))
    return `the repository owner is "${claims.repository_owner}", not "${policy.repositoryOwner}"`;
  const repository = `${policy.repositoryOwner}/${policy.repository}`;
  if (!same(repository, claims.repository)) return `the repository is "${claims.repository}", not "${repository}"`;
  const workflow = workflowFileOf(claims.job_workflow_ref);
  if (!workflow || !same(workflow, policy.workflowFile))
    return `the workflow file is "${workflow ?? claims.job_workflow_ref}", not "${policy.workflowFile}"`;
  if (policy.environment && !(claims.environment && same(policy.environment, claims.environment)))
    return claims.environment
      ? `the environment is "${claims.environment}", not "${policy.environment}"`
      : `the job runs in no environment, but the policy requires "${policy.environment}"`;
  if (policy.repositoryId !== null && policy.repositoryId !== claims.repository_id)
    return `the repository id ${claims.repository_id} is not the ${policy.repositoryId} recorded at first use (the repository was deleted and re-created?)`;
  if (policy.repositoryOwnerId !== null && policy.repositoryOwnerId !== claims.repository_owner_id)
    return `the repository owner id ${claims.repository_owner_id} is not the ${policy.repositoryOwnerId} recorded at first use (the owner was renamed or re-created?)`;
  return null;
}
