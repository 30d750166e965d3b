import { markKeyRevoked } from "@/lib/db/api-keys";
import type { Db } from "@/lib/db/client";
import { queueKeyMail } from "@/lib/mail/outbox";
import { ok, type Result } from "@/lib/result";
import { auditKeyChange, changeOwnKey } from "./own-key";

/** Stops the key at once; it stays listed as revoked. Revoking twice is not an error. */
export function revokeApiKey(db: Db, userId: string, keyId: string, now = new Date()): Promise<Result> {
  return changeOwnKey(db, userId, keyId, {}, async (tx, key) => {
    if (key.revokedAt) return ok();
    await markKeyRevoked(tx, key.id, { at: now, reason: "Revoked by its creator", byId: userId });
    await auditKeyChange(tx, "key.revoke", userId, key);
    await queueKeyMail(tx, "revoked", key, { keyName: key.name });
    return ok();
  });
}
