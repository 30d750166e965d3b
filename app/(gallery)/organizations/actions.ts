"use server";

import { revalidatePath } from "next/cache";
import { authedAction } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { createOrganization } from "@/lib/organizations/create-organization";
import { addMember, removeMember, setMemberRole } from "@/lib/organizations/members";
import { setTwoFactorRequirement } from "@/lib/organizations/require-two-factor";
import { revokeOrganizationKey } from "@/lib/organizations/revoke-organization-key";
import {
  addMemberSchema,
  createOrganizationSchema,
  removeMemberSchema,
  revokeOrganizationKeySchema,
  setRoleSchema,
  twoFactorRequirementSchema,
} from "@/lib/organizations/schemas";
import { settle } from "@/lib/server-actions";

const refresh = () => {
  revalidatePath("/organizations", "layout");
  revalidatePath("/account/apikeys");
};

export const createOrganizationAction = authedAction(createOrganizationSchema, async (user, input) =>
  settle(await createOrganization(db, user.id, input), refresh),
);

export const addMemberAction = authedAction(addMemberSchema, async (user, input) =>
  settle(await addMember(db, user.id, input.organizationId, input.email, input.role), refresh),
);

export const setRoleAction = authedAction(setRoleSchema, async (user, input) =>
  settle(await setMemberRole(db, user.id, input.organizationId, input.userId, input.role), refresh),
);

export const removeMemberAction = authedAction(removeMemberSchema, async (user, input) =>
  settle(await removeMember(db, user.id, input.organizationId, input.userId), refresh),
);

export const revokeOrganizationKeyAction = authedAction(revokeOrganizationKeySchema, async (user, input) =>
  settle(await revokeOrganizationKey(db, user.id, input.organizationId, input.keyId), refresh),
);

export const setTwoFactorRequirementAction = authedAction(twoFactorRequirementSchema, async (user, input) =>
  settle(await setTwoFactorRequirement(db, user.id, input.organizationId, input.required), refresh),
);
