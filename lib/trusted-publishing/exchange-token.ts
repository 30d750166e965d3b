import { insertApiKey } from "@/lib/db/api-keys";
import { recordAudit } from "@/lib/db/audit";
import type { Db } from "@/lib/db/client";
import { isUniqueViolation } from "@/lib/db/packages";
import { findPoliciesOfUsername, markPolicyUsed, rememberToken } from "@/lib/db/trusted-publishing";
import { mintKey } from "@/lib/keys/format";
import { fail, ok, type Result } from "@/lib/result";
import type { TokenVerifier } from "./oidc";
import { criteriaMismatch, policyState, PENDING_DAYS } from "./policy-rules";

export const TOKEN_REUSED = "This token has already been used.";
export const MAX_KEY_MINUTES = 60;

export type ExchangeRequest = { token: string; username: string };
export type ExchangedKey = { apiKey: string; expires: Date };

/**
 * Trades a verified GitHub Actions OIDC token for a short-lived push key, when it fits an active policy
 * of `username`. The token works once: its `jti` is remembered until it expires.
 */
export async function exchangeToken(
  db: Db,
  verify: TokenVerifier,
  { token, username }: ExchangeRequest,
  { now = new Date(), keyMinutes = MAX_KEY_MINUTES }: { now?: Date; keyMinutes?: number } = {},
): Promise<Result<ExchangedKey>> {
  const verified = await verify(token, now);
  if (!verified.ok) return verified;
  const claims = verified.data;
  if (claims.galleryUser && claims.galleryUser.toLowerCase() !== username.toLowerCase())
    return fail(`This demo token was minted for "${claims.galleryUser}": only their policies accept it.`);
  const policies = await findPoliciesOfUsername(db, username);
  if (!policies || policies.length === 0) return fail(`The user "${username}" has no Trusted Publishing policy.`);
  const reasons: string[] = [];
  const policy = policies.find((p) => {
    const mismatch = criteriaMismatch(p, claims);
    if (mismatch) {
      reasons.push(`policy "${p.name}": ${mismatch}`);
      return false;
    }
    const state = policyState(p, p.creatorCanAct, now);
    if (state.kind === "inactive") {
      reasons.push(`policy "${p.name}" is inactive: its creator can no longer act for ${p.owner.username}`);
      return false;
    }
    if (state.kind === "expired-pending") {
      reasons.push(
        `policy "${p.name}" was not used within ${PENDING_DAYS} days of its activation: its owner must re-activate it`,
      );
      return false;
    }
    return true;
  });
  if (!policy) return fail(`No Trusted Publishing policy of "${username}" accepts this token: ${reasons.join("; ")}.`);

  const { secret, hash, hint } = mintKey();
  const minutes = Math.min(Math.max(1, keyMinutes), MAX_KEY_MINUTES);
  const expires = new Date(now.getTime() + minutes * 60_000);
  try {
    await db.$transaction(async (tx) => {
      await rememberToken(tx, claims.jti, new Date(claims.exp * 1000));
      await markPolicyUsed(
        tx,
        policy.id,
        { repositoryId: claims.repository_id, repositoryOwnerId: claims.repository_owner_id },
        now,
      );
      const key = await insertApiKey(tx, {
        name: `${policy.name} (Trusted Publishing)`,
        ownerId: policy.ownerId,
        creatorId: policy.creatorId,
        hash,
        hint,
        glob: "*",
        createdAt: now,
        durationDays: null,
        expiresAt: expires,
        scopes: ["package:push"],
        packages: [],
        twoFactor: false,
        shortLived: true,
        policyId: policy.id,
      });
      await recordAudit(tx, {
        createdAt: now,
        action: "trustedpublishing.exchange",
        actorId: policy.creatorId,
        accountId: policy.ownerId,
        keyId: key.id,
        keyName: key.name,
        detail: {
          policy: policy.name,
          policyId: policy.id,
          repository: claims.repository,
          repositoryId: claims.repository_id,
          runId: claims.run_id,
          workflow: claims.workflow,
          workflowRef: claims.job_workflow_ref,
          environment: claims.environment,
          expiresAt: expires.toISOString(),
        },
      });
    });
  } catch (error) {
    if (isUniqueViolation(error)) return fail(TOKEN_REUSED);
    throw error;
  }
  return ok({ apiKey: secret, expires });
}
