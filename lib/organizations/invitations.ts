import { newToken, tokenHash } from "@/lib/accounts/tokens";
import { recordAudit } from "@/lib/db/audit";
import type { Db, Tx } from "@/lib/db/client";
import {
  answerInvitation,
  findInvitationOf,
  findInvitee,
  findPendingInvitationByToken,
  findUserByUsername,
  hasPendingInvitation,
  insertInvitation,
  isMemberByEmail,
  listInvitationsOf,
  listOrganizationInvitations,
  markInvitationCancelled,
} from "@/lib/db/invitations";
import { findRole, insertMembership, lockOrganization } from "@/lib/db/organizations";
import { findAccountName } from "@/lib/db/owners";
import { findUserIdByEmail } from "@/lib/db/users";
import { galleryBaseUrl, queueMail } from "@/lib/mail/outbox";
import { invitationAcceptedMail, invitationMail } from "@/lib/mail/templates";
import { fail, ok, type Result } from "@/lib/result";
import { changeMembership } from "./membership-change";
import type { Role } from "./schemas";
import type { MyInvitation, PendingInvitation } from "./views";

export const INVITATION_DAYS = 14;
const DAY_MS = 86_400_000;

export const INVITATION_NOT_FOUND = "Invitation not found.";
export const INVITATION_ACCEPTED = "You have already accepted this invitation.";
export const INVITATION_DECLINED = "You have already declined this invitation.";
export const INVITATION_CANCELLED = "This invitation was cancelled by an administrator of the organization.";
export const INVITATION_EXPIRED =
  "This invitation has expired. Ask an administrator of the organization for a new one.";
const NO_SUCH_USER = "No user has that username.";
const ALREADY_MEMBER = "That person is already a member.";
const ALREADY_INVITED = "An invitation to them is already waiting for an answer.";

/**
 * Invites a user by username, or anyone by e-mail address (admins only). The answer, the audit trail and the
 * pending list read the same whether or not an address has an account; only the mail differs: an account
 * holder is pointed to their invitations, anyone else gets a link to register with. Nothing changes in the
 * organization until the invitee accepts.
 */
export function inviteMember(
  db: Db,
  actorId: string,
  orgId: string,
  input: { who: string; role: Role },
  now = new Date(),
): Promise<Result<{ invitee: string }>> {
  return changeMembership(db, actorId, orgId, "admin", async (tx) => {
    const byName = !input.who.includes("@");
    let to: { email: string; inviteeId: string | null; invitee: string; hasAccount: boolean };
    if (byName) {
      const user = await findUserByUsername(tx, input.who);
      if (!user) return fail(NO_SUCH_USER, "who");
      if (await findRole(tx, orgId, user.id)) return fail(ALREADY_MEMBER, "who");
      to = { email: user.email.toLowerCase(), inviteeId: user.id, invitee: user.account.username, hasAccount: true };
    } else {
      const email = input.who.toLowerCase();
      if (await isMemberByEmail(tx, orgId, email)) return fail(ALREADY_MEMBER, "who");
      to = { email, inviteeId: null, invitee: email, hasAccount: (await findUserIdByEmail(tx, email)) !== null };
    }
    const waiting = to.inviteeId ? { inviteeId: to.inviteeId } : { email: to.email };
    if (await hasPendingInvitation(tx, orgId, waiting, now)) return fail(ALREADY_INVITED, "who");

    const { token, hash } = newToken();
    const invitationId = await insertInvitation(tx, {
      organizationId: orgId,
      email: to.email,
      inviteeId: to.inviteeId,
      role: input.role,
      invitedById: actorId,
      tokenHash: hash,
      createdAt: now,
      expiresAt: new Date(now.getTime() + INVITATION_DAYS * DAY_MS),
    });
    await recordAudit(tx, {
      action: "invitation.create",
      actorId,
      accountId: orgId,
      detail: { invitationId, invitee: to.invitee, role: input.role },
    });
    const base = galleryBaseUrl();
    await queueMail(
      tx,
      to.email,
      invitationMail({
        organization: (await findAccountName(tx, orgId)) ?? "an organization",
        inviter: (await findAccountName(tx, actorId)) ?? "An administrator",
        role: input.role,
        days: INVITATION_DAYS,
        link: to.hasAccount ? `${base}/invitations` : `${base}/register?invitation=${token}`,
        hasAccount: to.hasAccount,
      }),
    );
    return ok({ invitee: to.invitee });
  });
}

/** Takes back an invitation that has not been answered (admins only); its link stops working. */
export function cancelInvitation(
  db: Db,
  actorId: string,
  orgId: string,
  invitationId: string,
  now = new Date(),
): Promise<Result> {
  return changeMembership(db, actorId, orgId, "admin", async (tx) => {
    if (!(await markInvitationCancelled(tx, orgId, invitationId, now))) return fail(INVITATION_NOT_FOUND);
    await recordAudit(tx, { action: "invitation.cancel", actorId, accountId: orgId, detail: { invitationId } });
    return ok();
  });
}

/** Joins the organization with the invited role; the invitation must still be waiting. */
export function acceptInvitation(
  db: Db,
  userId: string,
  invitationId: string,
  now = new Date(),
): Promise<Result<{ organization: string }>> {
  return answer(db, userId, invitationId, "accepted", now);
}

/** Says no: the organization stays as it is, and the invitation can no longer be accepted. */
export function declineInvitation(
  db: Db,
  userId: string,
  invitationId: string,
  now = new Date(),
): Promise<Result<{ organization: string }>> {
  return answer(db, userId, invitationId, "declined", now);
}

async function answer(
  db: Db,
  userId: string,
  invitationId: string,
  reply: "accepted" | "declined",
  now: Date,
): Promise<Result<{ organization: string }>> {
  return db.$transaction(async (tx) => {
    const invitee = await findInvitee(tx, userId);
    const invitation = invitee && (await findInvitationOf(tx, invitee, invitationId));
    if (!invitee || !invitation) return fail(INVITATION_NOT_FOUND);
    const refusal = closedReason(invitation, now);
    if (refusal) return fail(refusal);
    // Serialised with the organization's other membership changes.
    if (!(await lockOrganization(tx, invitation.organizationId))) return fail(INVITATION_NOT_FOUND);
    if (!(await answerInvitation(tx, invitee, invitation, reply, now))) {
      // Answered or cancelled while this request waited for the lock.
      const latest = await findInvitationOf(tx, invitee, invitationId);
      return fail((latest && closedReason(latest, now)) ?? INVITATION_NOT_FOUND);
    }
    const organization = invitation.organization.account.username;
    const role = invitation.role as Role;
    if (reply === "accepted") {
      const joined = !(await findRole(tx, invitation.organizationId, userId));
      if (joined) await insertMembership(tx, invitation.organizationId, userId, role);
      await recordAudit(tx, {
        action: "invitation.accept",
        actorId: userId,
        accountId: invitation.organizationId,
        detail: { invitationId, userId, role, ...(joined ? {} : { alreadyMember: true }) },
      });
      await mailInviter(tx, invitation.invitedById, userId, organization);
    } else {
      await recordAudit(tx, {
        action: "invitation.decline",
        actorId: userId,
        accountId: invitation.organizationId,
        detail: { invitationId, userId },
      });
    }
    return ok({ organization });
  });
}

function closedReason(
  invitation: { acceptedAt: Date | null; declinedAt: Date | null; cancelledAt: Date | null; expiresAt: Date },
  now: Date,
): string | null {
  if (invitation.acceptedAt) return INVITATION_ACCEPTED;
  if (invitation.declinedAt) return INVITATION_DECLINED;
  if (invitation.cancelledAt) return INVITATION_CANCELLED;
  if (invitation.expiresAt <= now) return INVITATION_EXPIRED;
  return null;
}

async function mailInviter(tx: Tx, inviterId: string, memberId: string, organization: string): Promise<void> {
  const inviter = await findInvitee(tx, inviterId);
  if (!inviter) return;
  const member = (await findAccountName(tx, memberId)) ?? "The person you invited";
  await queueMail(tx, inviter.email, invitationAcceptedMail({ member, organization, galleryUrl: galleryBaseUrl() }));
}

/** The signed-in user's invitations waiting for an answer. */
export async function listMyInvitations(db: Db, userId: string, now = new Date()): Promise<MyInvitation[]> {
  const invitee = await findInvitee(db, userId);
  return invitee ? listInvitationsOf(db, invitee, now) : [];
}

/** The organization's invitations waiting for an answer, for its admins; null for anyone else. */
export async function listPendingInvitations(
  db: Db,
  actorId: string,
  orgId: string,
  now = new Date(),
): Promise<PendingInvitation[] | null> {
  if ((await findRole(db, orgId, actorId)) !== "admin") return null;
  return listOrganizationInvitations(db, orgId, now);
}

/**
 * The waiting invitation a registration link carries, so registering from it works even while registration
 * is closed; null for a link that is unknown, answered, cancelled or expired.
 */
export function findInvitationForRegistration(
  db: Db,
  token: string,
  now = new Date(),
): Promise<{ id: string; email: string; organization: string } | null> {
  return findPendingInvitationByToken(db, tokenHash(token), now);
}
