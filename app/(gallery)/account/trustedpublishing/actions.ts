"use server";

import { revalidatePath } from "next/cache";
import { authedAction } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { settle } from "@/lib/server-actions";
import { createPolicy, deletePolicy, editPolicy, reactivatePolicy } from "@/lib/trusted-publishing/policies";
import { editPolicySchema, policyFieldsSchema, policyIdSchema } from "@/lib/trusted-publishing/schemas";

const refresh = () => revalidatePath("/account/trustedpublishing");

export const createPolicyAction = authedAction(policyFieldsSchema, async (user, input) =>
  settle(await createPolicy(db, user.id, input), refresh),
);

export const editPolicyAction = authedAction(editPolicySchema, async (user, { policyId, ...input }) =>
  settle(await editPolicy(db, user.id, policyId, input), refresh),
);

export const reactivatePolicyAction = authedAction(policyIdSchema, async (user, { policyId }) =>
  settle(await reactivatePolicy(db, user.id, policyId), refresh),
);

export const deletePolicyAction = authedAction(policyIdSchema, async (user, { policyId }) =>
  settle(await deletePolicy(db, user.id, policyId), refresh),
);
