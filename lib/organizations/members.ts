import { recordAudit } from "@/lib/db/audit";
import type { Db } from "@/lib/db/client";
import { forgetAllKeys } from "@/lib/db/key-auth";
import { deleteMembership, findRole, insertMembership, updateRole } from "@/lib/db/organizations";
import { findUserIdByEmail } from "@/lib/db/users";
import { fail, ok, type Result } from "@/lib/result";
import { changeMembership, ORG_NOT_FOUND } from "./membership-change";
import type { Role } from "./schemas";

const NOT_A_MEMBER = "That person is not a member.";

/** Adds the person with this e-mail address (admins only). */
export function addMember(db: Db, actorId: string, orgId: string, email: string, role: Role): Promise<Result> {
  return changeMembership(db, actorId, orgId, "admin", async (tx) => {
    const userId = await findUserIdByEmail(tx, email);
    if (!userId) return fail("No account has that e-mail address.", "email");
    if (await findRole(tx, orgId, userId)) return fail("That person is already a member.", "email");
    await insertMembership(tx, orgId, userId, role);
    await recordAudit(tx, {
      action: "member.add",
      actorId,
      accountId: orgId,
      detail: { userId, email: email.toLowerCase(), role },
    });
    return ok();
  });
}

export function setMemberRole(db: Db, actorId: string, orgId: string, userId: string, role: Role): Promise<Result> {
  return changeMembership(db, actorId, orgId, "admin", async (tx) => {
    if (!(await updateRole(tx, orgId, userId, role))) return fail(NOT_A_MEMBER);
    await recordAudit(tx, { action: "member.role", actorId, accountId: orgId, detail: { userId, role } });
    return ok();
  });
}

/** Removes a member (admins), or lets members leave; their keys for the organization stop working at once. */
export async function removeMember(db: Db, actorId: string, orgId: string, userId: string): Promise<Result> {
  const leave = actorId === userId;
  try {
    return await changeMembership(db, actorId, orgId, leave ? "member" : "admin", async (tx) => {
      if (!(await deleteMembership(tx, orgId, userId))) return fail(leave ? ORG_NOT_FOUND : NOT_A_MEMBER);
      await recordAudit(tx, {
        action: leave ? "member.leave" : "member.remove",
        actorId,
        accountId: orgId,
        detail: { userId },
      });
      return ok();
    });
  } finally {
    forgetAllKeys();
  }
}
