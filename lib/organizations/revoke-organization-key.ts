import { findOwnerKey, markKeyRevoked } from "@/lib/db/api-keys";
import type { Db } from "@/lib/db/client";
import { forgetKey } from "@/lib/db/key-auth";
import { findRole } from "@/lib/db/organizations";
import { findAccountName } from "@/lib/db/owners";
import { auditKeyChange, KEY_NOT_FOUND } from "@/lib/api-keys/own-key";
import { queueKeyMail } from "@/lib/mail/outbox";
import { fail, ok, type Result } from "@/lib/result";
import { ORG_NOT_FOUND } from "./membership-change";

/** An admin stops any key scoped to the organization; its creator cannot undo that by regenerating. */
export async function revokeOrganizationKey(
  db: Db,
  actorId: string,
  orgId: string,
  keyId: string,
  now = new Date(),
): Promise<Result> {
  try {
    return await db.$transaction(async (tx) => {
      if ((await findRole(tx, orgId, actorId)) !== "admin") return fail(ORG_NOT_FOUND);
      const key = await findOwnerKey(tx, orgId, keyId);
      if (!key) return fail(KEY_NOT_FOUND);
      if (key.revokedAt) return ok();
      const by = (await findAccountName(tx, actorId)) ?? "an administrator";
      await markKeyRevoked(tx, key.id, {
        at: now,
        reason: `Revoked by ${by}, an administrator of the organization`,
        byId: actorId,
      });
      await auditKeyChange(tx, "key.revoke", actorId, key, { by: "organization admin" });
      await queueKeyMail(tx, "revoked", key, { keyName: key.name, actor: by });
      return ok();
    });
  } finally {
    forgetKey(db, keyId);
  }
}
