"use server";

import { revalidatePath } from "next/cache";
import { after } from "next/server";
import { authedAction, type ActionResult } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import {
  createApiKey,
  deleteApiKey,
  regenerateApiKey,
  revokeApiKey,
  updateApiKeySubjects,
  type ApiKeyView,
  type KeyMutation,
} from "@/lib/db/api-keys";
import { listOwnerPackages } from "@/lib/db/owners";
import { deliverOutbox } from "@/lib/mail/outbox";
import { createKeySchema, editKeySchema, keyIdSchema, ownerIdSchema } from "@/lib/keys/schemas";

const PAGE = "/account/apikeys";

function toResult<T>(result: KeyMutation<T>): ActionResult<T> {
  if (result.ok) {
    revalidatePath(PAGE);
    after(() => deliverOutbox(db).catch((error: Error) => console.error(`[mail] ${error.message}`)));
    return result;
  }
  return { ok: false, error: result.error, fieldErrors: result.field ? { [result.field]: [result.error] } : undefined };
}

/** The secret travels back only in this response; the page never renders it from the server. */
export const createApiKeyAction = authedAction(createKeySchema, async (user, input) =>
  toResult(await createApiKey(db, user.id, input)),
);

export const editApiKeyAction = authedAction(editKeySchema, async (user, input) =>
  toResult<ApiKeyView>(await updateApiKeySubjects(db, user.id, input)),
);

export const regenerateApiKeyAction = authedAction(keyIdSchema, async (user, { keyId }) =>
  toResult(await regenerateApiKey(db, user.id, keyId)),
);

export const revokeApiKeyAction = authedAction(keyIdSchema, async (user, { keyId }) =>
  toResult(await revokeApiKey(db, user.id, keyId)),
);

export const deleteApiKeyAction = authedAction(keyIdSchema, async (user, { keyId }) =>
  toResult(await deleteApiKey(db, user.id, keyId)),
);

/** Package lists load when a picker opens, so the page stays light for owners with thousands of packages. */
export const listOwnerPackagesAction = authedAction(ownerIdSchema, async (user, { ownerId }) => ({
  ok: true as const,
  data: await listOwnerPackages(db, user.id, ownerId),
}));
