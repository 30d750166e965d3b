"use server";

import { revalidatePath } from "next/cache";
import { after } from "next/server";
import { authedAction, type ActionResult } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import {
  addMember,
  createOrganization,
  removeMember,
  revokeOrganizationKey,
  setMemberRole,
  type OrgResult,
} from "@/lib/db/organizations";
import { deliverOutbox } from "@/lib/mail/outbox";
import {
  addMemberSchema,
  createOrganizationSchema,
  removeMemberSchema,
  revokeOrganizationKeySchema,
  setRoleSchema,
} from "@/lib/organizations/schemas";

function toResult<T>(result: OrgResult<T>): ActionResult<T> {
  if (result.ok) {
    revalidatePath("/organizations", "layout");
    revalidatePath("/account/apikeys");
    after(() => deliverOutbox(db).catch((error: Error) => console.error(`[mail] ${error.message}`)));
    return result;
  }
  return { ok: false, error: result.error, fieldErrors: result.field ? { [result.field]: [result.error] } : undefined };
}

export const createOrganizationAction = authedAction(createOrganizationSchema, async (user, input) =>
  toResult(await createOrganization(db, user.id, input)),
);

export const addMemberAction = authedAction(addMemberSchema, async (user, input) =>
  toResult(await addMember(db, user.id, input.organizationId, input.email, input.role)),
);

export const setRoleAction = authedAction(setRoleSchema, async (user, input) =>
  toResult(await setMemberRole(db, user.id, input.organizationId, input.userId, input.role)),
);

export const removeMemberAction = authedAction(removeMemberSchema, async (user, input) =>
  toResult(await removeMember(db, user.id, input.organizationId, input.userId)),
);

export const revokeOrganizationKeyAction = authedAction(revokeOrganizationKeySchema, async (user, input) =>
  toResult(await revokeOrganizationKey(db, user.id, input.organizationId, input.keyId)),
);
