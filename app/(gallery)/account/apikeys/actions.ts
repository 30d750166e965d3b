"use server";

import { revalidatePath } from "next/cache";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { deleteApiKey } from "@/lib/api-keys/delete-api-key";
import { editApiKey } from "@/lib/api-keys/edit-api-key";
import { regenerateApiKey } from "@/lib/api-keys/regenerate-api-key";
import { revokeApiKey } from "@/lib/api-keys/revoke-api-key";
import { authedAction } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { listOwnerPackages } from "@/lib/db/owners";
import { createKeySchema, editKeySchema, keyIdSchema, ownerIdSchema } from "@/lib/keys/schemas";
import { ok } from "@/lib/result";
import { settle } from "@/lib/server-actions";

const refresh = () => revalidatePath("/account/apikeys");

/** The secret travels back only in this response; the page never renders it from the server. */
export const createApiKeyAction = authedAction(createKeySchema, async (user, input) =>
  settle(await createApiKey(db, user.id, input, new Date(), { twoFactor: user.sessionTwoFactor }), refresh),
);

export const editApiKeyAction = authedAction(editKeySchema, async (user, input) =>
  settle(await editApiKey(db, user.id, input), refresh),
);

export const regenerateApiKeyAction = authedAction(keyIdSchema, async (user, { keyId }) =>
  settle(await regenerateApiKey(db, user.id, keyId, new Date(), { twoFactor: user.sessionTwoFactor }), refresh),
);

export const revokeApiKeyAction = authedAction(keyIdSchema, async (user, { keyId }) =>
  settle(await revokeApiKey(db, user.id, keyId), refresh),
);

export const deleteApiKeyAction = authedAction(keyIdSchema, async (user, { keyId }) =>
  settle(await deleteApiKey(db, user.id, keyId), refresh),
);

/** Package lists load when a picker opens, so the page stays light for owners with thousands of packages. */
export const listOwnerPackagesAction = authedAction(ownerIdSchema, async (user, { ownerId }) =>
  ok(await listOwnerPackages(db, user.id, ownerId)),
);
