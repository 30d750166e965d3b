import { renewKeySecret } from "@/lib/db/api-keys";
import type { Db } from "@/lib/db/client";
import { findCreatorStanding } from "@/lib/db/owners";
import { expiresAtFrom } from "@/lib/keys/expiry";
import { mintKey } from "@/lib/keys/format";
import { fail, ok, type Result } from "@/lib/result";
import { auditKeyChange, changeOwnKey, KEY_NOT_FOUND } from "./own-key";
import { twoFactorRequired, type CreatingSession } from "./create-api-key";
import type { IssuedKey } from "./views";

/**
 * A new secret for a scoped key, its expiry period counted from now; the old secret stops working at once.
 * Like a new key, it records whether this session signed in with a second factor.
 */
export function regenerateApiKey(
  db: Db,
  userId: string,
  keyId: string,
  now = new Date(),
  session: CreatingSession = { twoFactor: false },
): Promise<Result<IssuedKey>> {
  const { secret, hash, hint } = mintKey();
  return changeOwnKey(db, userId, keyId, { scopedOnly: true, actingForOwner: true }, async (tx, key) => {
    if (key.durationDays === null) return fail(KEY_NOT_FOUND);
    if (key.revokedById && key.revokedById !== userId) {
      return fail(
        "An administrator of the package owner revoked this key; it cannot be regenerated. Create a new key.",
      );
    }
    const standing = await findCreatorStanding(tx, userId, key.ownerId);
    if (standing.requiredBy && !standing.twoFactorEnabled) return fail(twoFactorRequired(standing.requiredBy));
    const renewed = await renewKeySecret(tx, key.id, {
      hash,
      hint,
      twoFactor: session.twoFactor,
      createdAt: now,
      expiresAt: expiresAtFrom(now, key.durationDays),
    });
    await auditKeyChange(tx, "key.regenerate", userId, key);
    return ok({ secret, key: renewed });
  });
}
