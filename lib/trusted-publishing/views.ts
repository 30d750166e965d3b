import type { Result } from "@/lib/result";
import type { PolicyState } from "./policy-rules";
import type { EditPolicyInput, PolicyInput } from "./schemas";

/** A policy as its page shows it. */
export type PolicyView = {
  id: string;
  name: string;
  ownerId: string;
  owner: { username: string };
  repositoryOwner: string;
  repository: string;
  workflowFile: string;
  environment: string | null;
  createdAt: Date;
  activatedAt: Date;
  repositoryId: string | null;
  lastUsedAt: Date | null;
  state: PolicyState;
  /** Keys issued in the last day, newest first. */
  recentKeys: { id: string; createdAt: Date; expiresAt: Date | null }[];
};

/** The page's server actions, handed to its components as props. */
export type PolicyActions = {
  createPolicy: (input: PolicyInput) => Promise<Result<{ id: string }>>;
  editPolicy: (input: EditPolicyInput) => Promise<Result>;
  reactivatePolicy: (input: { policyId: string }) => Promise<Result>;
  deletePolicy: (input: { policyId: string }) => Promise<Result>;
};

/** One exchange of an OIDC token for a key, as the policy's usage page shows it. */
export type PolicyUseView = {
  id: string;
  at: Date;
  repository: string | null;
  workflowRef: string | null;
  runId: string | null;
  environment: string | null;
  ip: string | null;
  /** active until expiresAt; expired or revoked; purged once the job removed the expired key. */
  key: { state: "active" | "expired" | "revoked" | "purged"; expiresAt: Date | null };
  pushes: { packageId: string; version: string; symbols: boolean; at: Date }[];
};

export type PolicyUsageView = { policy: PolicyView; uses: PolicyUseView[]; total: number; page: number };

/** A token the demo issuer minted (demo mode), as its page shows it. */
export type DemoToken = {
  token: string;
  issuer: string;
  audience: string;
  repository: string;
  workflowFile: string;
  environment: string | null;
  expiresAt: Date;
};
