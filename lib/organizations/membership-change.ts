import type { Db, Tx } from "@/lib/db/client";
import { countAdmins, findRole, lockOrganization } from "@/lib/db/organizations";
import { fail, type Result } from "@/lib/result";
import type { Role } from "./schemas";

export const ORG_NOT_FOUND = "Organization not found.";
export const ADMINS_ONLY = "Only administrators of the organization can do that.";
const LAST_ADMIN = "An organization must keep at least one administrator.";

class LastAdmin extends Error {}

/**
 * Runs a membership change for a member (or an admin, when required), serialised per organization, and
 * refuses one that would leave the organization without an admin.
 */
export async function changeMembership<T>(
  db: Db,
  actorId: string,
  orgId: string,
  required: Role | "member",
  change: (tx: Tx) => Promise<Result<T>>,
): Promise<Result<T>> {
  try {
    return await db.$transaction(async (tx) => {
      const locked = await lockOrganization(tx, orgId);
      const role = await findRole(tx, orgId, actorId);
      if (!locked || !role) return fail(ORG_NOT_FOUND);
      if (required === "admin" && role !== "admin") return fail(ADMINS_ONLY);
      const result = await change(tx);
      // Throwing rolls the change back.
      if (result.ok && (await countAdmins(tx, orgId)) === 0) throw new LastAdmin(LAST_ADMIN);
      return result;
    });
  } catch (error) {
    if (error instanceof LastAdmin) return fail(error.message);
    throw error;
  }
}
