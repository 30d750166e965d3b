import { replaceKeySubjects } from "@/lib/db/api-keys";
import type { Db } from "@/lib/db/client";
import { packagesNotOwned } from "@/lib/db/owners";
import type { EditKeyValues } from "@/lib/keys/schemas";
import { fail, ok, type Result } from "@/lib/result";
import { auditKeyChange, changeOwnKey } from "./own-key";
import type { ApiKeyView } from "./views";

/** Replaces a scoped key's packages and glob; scopes, owner and expiry stay. */
export function editApiKey(db: Db, userId: string, input: EditKeyValues): Promise<Result<ApiKeyView>> {
  return changeOwnKey(db, userId, input.keyId, { scopedOnly: true, actingForOwner: true }, async (tx, key) => {
    const notOwned = await packagesNotOwned(tx, key.ownerId, input.packages);
    if (notOwned.length > 0) {
      return fail(`Not owned by this key's package owner: ${notOwned.join(", ")}.`, "packages");
    }
    const glob = input.glob || null;
    const updated = await replaceKeySubjects(tx, key.id, { packages: input.packages, glob });
    await auditKeyChange(tx, "key.edit", userId, key, { packages: input.packages, glob });
    return ok(updated);
  });
}
