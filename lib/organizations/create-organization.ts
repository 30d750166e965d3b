import { recordAudit } from "@/lib/db/audit";
import type { Db } from "@/lib/db/client";
import { insertOrganization } from "@/lib/db/organizations";
import { isUniqueViolation } from "@/lib/db/packages";
import { fail, ok, type Result } from "@/lib/result";
import type { CreateOrganizationValues } from "./schemas";

/** A new organization with its creator as admin; its name is unique among users and organizations. */
export async function createOrganization(
  db: Db,
  userId: string,
  input: CreateOrganizationValues,
): Promise<Result<{ username: string }>> {
  try {
    return await db.$transaction(async (tx) => {
      const account = await insertOrganization(tx, userId, input);
      await recordAudit(tx, {
        action: "org.create",
        actorId: userId,
        accountId: account.id,
        detail: { name: input.name },
      });
      return ok({ username: account.username });
    });
  } catch (error) {
    if (isUniqueViolation(error)) return fail("That name is taken by a user or an organization.", "username");
    throw error;
  }
}
