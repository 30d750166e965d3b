import { recordAudit } from "@/lib/db/audit";
import type { Db, Tx } from "@/lib/db/client";
import { canActFor } from "@/lib/db/owners";
import {
  deletePolicy as deletePolicyRow,
  findOwnPolicy,
  insertPolicy,
  listPolicies as listPolicyRows,
  listPolicyExchanges,
  reactivatePolicy as reactivatePolicyRow,
  updatePolicy,
  type PolicyFields,
  type PolicyRow,
} from "@/lib/db/trusted-publishing";
import { DAY_MS } from "@/lib/keys/expiry";
import { fail, ok, type Result } from "@/lib/result";
import { policyState } from "./policy-rules";
import type { PolicyValues } from "./schemas";
import type { PolicyUsageView, PolicyUseView, PolicyView } from "./views";

export const POLICY_NOT_FOUND = "Trusted Publishing policy not found.";
const CANNOT_ACT = "You cannot create Trusted Publishing policies for that package owner.";

const fieldsOf = (input: PolicyValues): PolicyFields => ({ ...input, environment: input.environment || null });

function audit(tx: Tx, action: string, userId: string, policy: PolicyRow, detail?: Record<string, unknown>) {
  return recordAudit(tx, {
    action: `trustedpublishing.${action}`,
    actorId: userId,
    accountId: policy.ownerId,
    detail: {
      policy: policy.name,
      policyId: policy.id,
      repository: `${policy.repositoryOwner}/${policy.repository}`,
      workflowFile: policy.workflowFile,
      environment: policy.environment,
      ...detail,
    },
  });
}

export async function listPolicies(db: Db, userId: string, now = new Date()): Promise<PolicyView[]> {
  const rows = await listPolicyRows(db, userId, new Date(now.getTime() - DAY_MS));
  return rows.map((row) => policyView(row, now));
}

export const USES_PER_PAGE = 25;

type Detail = { repository?: string; workflowRef?: string; runId?: string; environment?: string | null };

function parseDetail(detail: string | null): Detail {
  try {
    return detail ? (JSON.parse(detail) as Detail) : {};
  } catch {
    return {};
  }
}

/** The user's policy with every exchange it made, newest first, and what each issued key pushed; null if not theirs. */
export async function policyUsage(
  db: Db,
  userId: string,
  policyId: string,
  page: number,
  now = new Date(),
): Promise<PolicyUsageView | null> {
  const [row] = await listPolicyRows(db, userId, new Date(now.getTime() - DAY_MS), policyId);
  if (!row) return null;
  const { rows, total, pushes, keys } = await listPolicyExchanges(db, row, page, USES_PER_PAGE);
  const keyById = new Map(keys.map((k) => [k.id, k]));
  const uses = rows.map((event): PolicyUseView => {
    const detail = parseDetail(event.detail);
    const key = event.keyId ? keyById.get(event.keyId) : undefined;
    const state = !key
      ? "purged"
      : key.revokedAt
        ? "revoked"
        : key.expiresAt && key.expiresAt <= now
          ? "expired"
          : "active";
    return {
      id: event.id,
      at: event.createdAt,
      repository: detail.repository ?? null,
      workflowRef: detail.workflowRef ?? null,
      runId: detail.runId ?? null,
      environment: detail.environment ?? null,
      ip: event.ip,
      key: { state, expiresAt: key?.expiresAt ?? null },
      pushes: pushes
        .filter((p) => p.keyId === event.keyId && p.packageId && p.version)
        .map((p) => ({
          packageId: p.packageId!,
          version: p.version!,
          symbols: p.action === "package.symbols",
          at: p.createdAt,
        })),
    };
  });
  return { policy: policyView(row, now), uses, total, page };
}

function policyView(
  { creatorCanAct, keys, ...row }: Awaited<ReturnType<typeof listPolicyRows>>[number],
  now: Date,
): PolicyView {
  return {
    id: row.id,
    name: row.name,
    ownerId: row.ownerId,
    owner: row.owner,
    repositoryOwner: row.repositoryOwner,
    repository: row.repository,
    workflowFile: row.workflowFile,
    environment: row.environment,
    createdAt: row.createdAt,
    activatedAt: row.activatedAt,
    repositoryId: row.repositoryId,
    lastUsedAt: row.lastUsedAt,
    state: policyState(row, creatorCanAct, now),
    recentKeys: keys,
  };
}

export async function createPolicy(db: Db, userId: string, input: PolicyValues, now = new Date()) {
  return db.$transaction(async (tx): Promise<Result<{ id: string }>> => {
    if (!(await canActFor(tx, userId, input.ownerId))) return fail(CANNOT_ACT, "ownerId");
    const policy = await insertPolicy(tx, userId, fieldsOf(input), now);
    await audit(tx, "create", userId, policy);
    return ok({ id: policy.id });
  });
}

/** Runs a change of the user's own policy; someone else's reads as not found. */
function changeOwnPolicy<T>(
  db: Db,
  userId: string,
  policyId: string,
  change: (tx: Tx, policy: PolicyRow) => Promise<Result<T>>,
): Promise<Result<T>> {
  return db.$transaction(async (tx) => {
    const policy = await findOwnPolicy(tx, userId, policyId);
    if (!policy) return fail(POLICY_NOT_FOUND);
    return change(tx, policy);
  });
}

/** New criteria make the policy wait for a first use again, so the recorded repository ids start afresh. */
export function editPolicy(db: Db, userId: string, policyId: string, input: PolicyValues, now = new Date()) {
  return changeOwnPolicy(db, userId, policyId, async (tx, policy) => {
    if (!(await canActFor(tx, userId, input.ownerId))) return fail(CANNOT_ACT, "ownerId");
    const updated = await updatePolicy(tx, policy.id, fieldsOf(input), now);
    await audit(tx, "edit", userId, updated);
    return ok();
  });
}

/** Starts a new 7-day window for a policy never used; the creator must still be able to act for its owner. */
export function reactivatePolicy(db: Db, userId: string, policyId: string, now = new Date()) {
  return changeOwnPolicy(db, userId, policyId, async (tx, policy) => {
    if (!(await canActFor(tx, userId, policy.ownerId))) return fail(CANNOT_ACT);
    await reactivatePolicyRow(tx, policy.id, now);
    await audit(tx, "reactivate", userId, policy);
    return ok();
  });
}

export function deletePolicy(db: Db, userId: string, policyId: string) {
  return changeOwnPolicy(db, userId, policyId, async (tx, policy) => {
    await deletePolicyRow(tx, userId, policy.id);
    await audit(tx, "delete", userId, policy);
    return ok();
  });
}
