import { deleteOwnKey } from "@/lib/db/api-keys";
import type { Db } from "@/lib/db/client";
import { queueKeyMail } from "@/lib/mail/outbox";
import { fail, ok, type Result } from "@/lib/result";
import { auditKeyChange, changeOwnKey, KEY_NOT_FOUND } from "./own-key";

/** Removes the key for good; it stops working at once. */
export function deleteApiKey(db: Db, userId: string, keyId: string): Promise<Result> {
  return changeOwnKey(db, userId, keyId, {}, async (tx, key) => {
    if (!(await deleteOwnKey(tx, userId, key.id))) return fail(KEY_NOT_FOUND);
    await auditKeyChange(tx, "key.delete", userId, key);
    await queueKeyMail(tx, "deleted", key, { keyName: key.name });
    return ok();
  });
}
