import { recordAudit } from "@/lib/db/audit";
import type { Db } from "@/lib/db/client";
import { listMembersWithoutTwoFactor, setRequireTwoFactor } from "@/lib/db/organizations";
import { findAccountName } from "@/lib/db/owners";
import { findTwoFactorAccount } from "@/lib/db/two-factor";
import { galleryBaseUrl, queueMail } from "@/lib/mail/outbox";
import { twoFactorRequiredMail } from "@/lib/mail/templates";
import { fail, ok, type Result } from "@/lib/result";
import { changeMembership } from "./membership-change";

export const TURN_ON_YOURS_FIRST = "Turn on two-factor sign-in for your own account first.";

/**
 * An admin requires (or stops requiring) two-factor sign-in for the organization's members: without it they
 * cannot create its keys. Members without it are told by mail when it starts.
 */
export async function setTwoFactorRequirement(
  db: Db,
  actorId: string,
  orgId: string,
  required: boolean,
): Promise<Result> {
  return changeMembership(db, actorId, orgId, "admin", async (tx) => {
    if (required && !(await findTwoFactorAccount(tx, actorId))?.totpEnabledAt) return fail(TURN_ON_YOURS_FIRST);
    if (!(await setRequireTwoFactor(tx, orgId, required))) return ok();
    await recordAudit(tx, { action: "org.require-2fa", actorId, accountId: orgId, detail: { required } });
    if (required) {
      const name = (await findAccountName(tx, orgId)) ?? "Your organization";
      const mail = twoFactorRequiredMail(name, `${galleryBaseUrl()}/account/settings`);
      for (const email of await listMembersWithoutTwoFactor(tx, orgId)) await queueMail(tx, email, mail);
    }
    return ok();
  });
}
