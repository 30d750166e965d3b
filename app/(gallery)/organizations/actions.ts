"use server";

import { revalidatePath } from "next/cache";
import { authedAction } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { createOrganization } from "@/lib/organizations/create-organization";
import { acceptInvitation, cancelInvitation, declineInvitation, inviteMember } from "@/lib/organizations/invitations";
import { removeMember, setMemberRole } from "@/lib/organizations/members";
import { setTwoFactorRequirement } from "@/lib/organizations/require-two-factor";
import { revokeOrganizationKey } from "@/lib/organizations/revoke-organization-key";
import {
  answerInvitationSchema,
  cancelInvitationSchema,
  createOrganizationSchema,
  inviteMemberSchema,
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
// An answer changes the notice every page of the signed-in area shows.
const refreshAll = () => revalidatePath("/", "layout");

export const createOrganizationAction = authedAction(createOrganizationSchema, async (user, input) =>
  settle(await createOrganization(db, user.id, input), refresh),
);

export const inviteMemberAction = authedAction(inviteMemberSchema, async (user, input) =>
  settle(await inviteMember(db, user.id, input.organizationId, { who: input.who, role: input.role }), refresh),
);

export const cancelInvitationAction = authedAction(cancelInvitationSchema, async (user, input) =>
  settle(await cancelInvitation(db, user.id, input.organizationId, input.invitationId), refresh),
);

export const acceptInvitationAction = authedAction(answerInvitationSchema, async (user, input) =>
  settle(await acceptInvitation(db, user.id, input.invitationId), refreshAll),
);

export const declineInvitationAction = authedAction(answerInvitationSchema, async (user, input) =>
  settle(await declineInvitation(db, user.id, input.invitationId), refreshAll),
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
