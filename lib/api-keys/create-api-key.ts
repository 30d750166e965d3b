import { insertApiKey } from "@/lib/db/api-keys";
import type { Db } from "@/lib/db/client";
import { CONFIRM_FIRST } from "@/lib/accounts/email-confirmation";
import { canActFor, findCreatorStanding, packagesNotOwned } from "@/lib/db/owners";
import { expiresAtFrom } from "@/lib/keys/expiry";
import { mintKey } from "@/lib/keys/format";
import type { CreateKeyValues } from "@/lib/keys/schemas";
import { queueKeyMail } from "@/lib/mail/outbox";
import { fail, ok, type Result } from "@/lib/result";
import { auditKeyChange } from "./own-key";
import type { IssuedKey } from "./views";

/** The sign-in the key is created from: whether it passed a second factor, which the key then records. */
export type CreatingSession = { twoFactor: boolean };

/** Why a member without two-factor sign-in gets no key for an organization that requires it. */
export const twoFactorRequired = (organization: string) =>
  `${organization} requires two-factor sign-in for its members. Turn it on in your account settings to create its keys.`;

/** Creates a key; the plaintext secret is returned here once and exists nowhere else. */
export async function createApiKey(
  db: Db,
  userId: string,
  input: CreateKeyValues,
  now = new Date(),
  session: CreatingSession = { twoFactor: false },
): Promise<Result<IssuedKey>> {
  const { secret, hash, hint } = mintKey();
  return db.$transaction(async (tx) => {
    if (!(await canActFor(tx, userId, input.ownerId))) {
      return fail("You cannot create keys for that package owner.", "ownerId");
    }
    const notOwned = await packagesNotOwned(tx, input.ownerId, input.packages);
    if (notOwned.length > 0) {
      return fail(`Not owned by the chosen package owner: ${notOwned.join(", ")}.`, "packages");
    }
    const standing = await findCreatorStanding(tx, userId, input.ownerId);
    if (!standing.confirmed) return fail(CONFIRM_FIRST);
    if (standing.requiredBy && !standing.twoFactorEnabled)
      return fail(twoFactorRequired(standing.requiredBy), "ownerId");
    const glob = input.glob || null;
    const key = await insertApiKey(tx, {
      name: input.name,
      ownerId: input.ownerId,
      creatorId: userId,
      hash,
      hint,
      glob,
      createdAt: now,
      durationDays: input.expiresInDays,
      expiresAt: expiresAtFrom(now, input.expiresInDays),
      scopes: input.scopes,
      packages: input.packages,
      twoFactor: session.twoFactor,
    });
    await auditKeyChange(
      tx,
      "key.create",
      userId,
      { ...key, ownerId: input.ownerId },
      {
        scopes: input.scopes,
        packages: input.packages,
        glob,
        expiresInDays: input.expiresInDays,
      },
    );
    await queueKeyMail(
      tx,
      "created",
      { creatorId: userId, ownerId: input.ownerId },
      { keyName: key.name, expiresAt: key.expiresAt },
    );
    return ok({ secret, key });
  });
}
