import { recordAudit } from "@/lib/db/audit";
import type { Db, Tx } from "@/lib/db/client";
import { findOwnKey, lockOwnKey, type KeyFacts } from "@/lib/db/api-keys";
import { forgetKey } from "@/lib/db/key-auth";
import { canActFor } from "@/lib/db/owners";
import { fail, type Result } from "@/lib/result";

export const KEY_NOT_FOUND = "API key not found.";
export const NO_LONGER_MEMBER = "You are no longer a member of this key's package owner, so the key cannot be changed.";

type Rules = {
  /** Legacy keys cannot take this change: they read as not found. */
  scopedOnly?: boolean;
  /** The creator must still be able to act for the key's package owner. */
  actingForOwner?: boolean;
};

/**
 * Runs a change of the user's own key in one transaction: locks the row, loads it, checks the rules,
 * and evicts the key from the push API's verification cache once the change has settled.
 */
export async function changeOwnKey<T>(
  db: Db,
  userId: string,
  keyId: string,
  rules: Rules,
  change: (tx: Tx, key: KeyFacts) => Promise<Result<T>>,
): Promise<Result<T>> {
  try {
    return await db.$transaction(async (tx) => {
      if (!(await lockOwnKey(tx, userId, keyId))) return fail(KEY_NOT_FOUND);
      const key = await findOwnKey(tx, userId, keyId);
      if (!key || (rules.scopedOnly && key.legacy)) return fail(KEY_NOT_FOUND);
      if (rules.actingForOwner && !(await canActFor(tx, userId, key.ownerId))) return fail(NO_LONGER_MEMBER);
      return change(tx, key);
    });
  } finally {
    forgetKey(db, keyId);
  }
}

/** The audit event of a change to a key; it names the key, never its secret. */
export function auditKeyChange(
  tx: Tx,
  action: `key.${string}`,
  actorId: string,
  key: { id: string; name: string; ownerId: string },
  detail?: Record<string, unknown>,
): Promise<void> {
  return recordAudit(tx, { action, actorId, accountId: key.ownerId, keyId: key.id, keyName: key.name, detail });
}
