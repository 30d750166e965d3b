import type { MyInvitation, PendingInvitation } from "@/lib/organizations/views";
import type { Role } from "@/lib/organizations/schemas";
import type { Db, Tx } from "./client";

/** Who an invitation can be for: their account, and their address once it is confirmed. */
export type Invitee = { id: string; email: string; emailConfirmed: boolean };

/** Neither answered nor cancelled, and not yet expired. */
const pending = (now: Date) => ({ acceptedAt: null, declinedAt: null, cancelledAt: null, expiresAt: { gt: now } });

/** The invitations addressed to this person: by their account, or by their confirmed address. */
const addressedTo = (invitee: Invitee) => ({
  OR: [{ inviteeId: invitee.id }, ...(invitee.emailConfirmed ? [{ email: invitee.email.toLowerCase() }] : [])],
});

export async function findInvitee(db: Db | Tx, userId: string): Promise<Invitee | null> {
  const user = await db.user.findUnique({
    where: { id: userId },
    select: { id: true, email: true, emailConfirmedAt: true },
  });
  return user && { id: user.id, email: user.email, emailConfirmed: user.emailConfirmedAt !== null };
}

/** The user with this username (not an organization), with the address their invitation goes to. */
export function findUserByUsername(db: Db | Tx, username: string) {
  return db.user.findFirst({
    where: { account: { usernameKey: username.toLowerCase() } },
    select: { id: true, email: true, account: { select: { username: true } } },
  });
}

/** Whether a waiting invitation into the organization already goes to this account, or to this address typed as one. */
export async function hasPendingInvitation(
  tx: Tx,
  orgId: string,
  to: { inviteeId: string } | { email: string },
  now: Date,
): Promise<boolean> {
  const where = "inviteeId" in to ? { inviteeId: to.inviteeId } : { inviteeId: null, email: to.email };
  return (await tx.invitation.count({ where: { organizationId: orgId, ...where, ...pending(now) } })) > 0;
}

export async function isMemberByEmail(tx: Tx, orgId: string, email: string): Promise<boolean> {
  return (await tx.membership.count({ where: { organizationId: orgId, user: { email: email.toLowerCase() } } })) > 0;
}

export async function insertInvitation(
  tx: Tx,
  invitation: {
    organizationId: string;
    email: string;
    inviteeId: string | null;
    role: Role;
    invitedById: string;
    tokenHash: string;
    createdAt: Date;
    expiresAt: Date;
  },
): Promise<string> {
  return (await tx.invitation.create({ data: invitation, select: { id: true } })).id;
}

/** One of the person's invitations, whatever its state; null when it is not theirs. */
export function findInvitationOf(db: Db | Tx, invitee: Invitee, invitationId: string) {
  return db.invitation.findFirst({
    where: { id: invitationId, ...addressedTo(invitee) },
    select: {
      id: true,
      organizationId: true,
      role: true,
      invitedById: true,
      expiresAt: true,
      acceptedAt: true,
      declinedAt: true,
      cancelledAt: true,
      organization: { select: { account: { select: { username: true } } } },
    },
  });
}

/**
 * Records the person's answer on their waiting invitations into the organization (accepting one answers them
 * all, so none is left to accept once they are a member); false when this one is no longer waiting.
 */
export async function answerInvitation(
  tx: Tx,
  invitee: Invitee,
  invitation: { id: string; organizationId: string },
  answer: "accepted" | "declined",
  now: Date,
): Promise<boolean> {
  const data = answer === "accepted" ? { acceptedAt: now } : { declinedAt: now };
  const { count } = await tx.invitation.updateMany({ where: { id: invitation.id, ...pending(now) }, data });
  if (count === 0) return false;
  if (answer === "accepted") {
    await tx.invitation.updateMany({
      where: { organizationId: invitation.organizationId, ...addressedTo(invitee), ...pending(now) },
      data,
    });
  }
  return true;
}

/** False when the invitation is not the organization's or was already answered or cancelled. */
export async function markInvitationCancelled(tx: Tx, orgId: string, invitationId: string, now: Date) {
  const { count } = await tx.invitation.updateMany({
    where: { id: invitationId, organizationId: orgId, acceptedAt: null, declinedAt: null, cancelledAt: null },
    data: { cancelledAt: now },
  });
  return count > 0;
}

/** The person's waiting invitations, oldest first. */
export async function listInvitationsOf(db: Db, invitee: Invitee, now: Date): Promise<MyInvitation[]> {
  const rows = await db.invitation.findMany({
    where: { ...addressedTo(invitee), ...pending(now) },
    select: {
      id: true,
      organizationId: true,
      role: true,
      expiresAt: true,
      invitedBy: { select: { account: { select: { username: true } } } },
      organization: { select: { name: true, account: { select: { username: true } } } },
    },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  return rows.map((r) => ({
    id: r.id,
    organizationId: r.organizationId,
    organization: r.organization.account.username,
    organizationName: r.organization.name,
    role: r.role as Role,
    invitedBy: r.invitedBy.account.username,
    expiresAt: r.expiresAt,
  }));
}

/**
 * The organization's waiting invitations, newest first. Each names its invitee as the admin typed them: the
 * username, or the address, which says nothing of whether it has an account.
 */
export async function listOrganizationInvitations(db: Db, orgId: string, now: Date): Promise<PendingInvitation[]> {
  const rows = await db.invitation.findMany({
    where: { organizationId: orgId, ...pending(now) },
    select: {
      id: true,
      email: true,
      role: true,
      createdAt: true,
      expiresAt: true,
      inviteeId: true,
      invitedBy: { select: { account: { select: { username: true } } } },
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
  });
  const invitees = new Map(
    (
      await db.account.findMany({
        where: { id: { in: rows.flatMap((r) => (r.inviteeId ? [r.inviteeId] : [])) } },
        select: { id: true, username: true },
      })
    ).map((a) => [a.id, a.username]),
  );
  return rows.map((r) => ({
    id: r.id,
    invitee: (r.inviteeId && invitees.get(r.inviteeId)) || r.email,
    role: r.role as Role,
    invitedBy: r.invitedBy.account.username,
    createdAt: r.createdAt,
    expiresAt: r.expiresAt,
  }));
}

/** A waiting invitation by its mailed link's token hash, with the organization it is into. */
export async function findPendingInvitationByToken(db: Db | Tx, tokenHash: string, now: Date) {
  const row = await db.invitation.findFirst({
    where: { tokenHash, ...pending(now) },
    select: { id: true, email: true, organization: { select: { account: { select: { username: true } } } } },
  });
  return row && { id: row.id, email: row.email, organization: row.organization.account.username };
}

/** Ties a waiting invitation to the account that was just made from its link, whatever address it chose. */
export async function assignInvitation(db: Db | Tx, invitationId: string, userId: string, now = new Date()) {
  const { count } = await db.invitation.updateMany({
    where: { id: invitationId, ...pending(now) },
    data: { inviteeId: userId },
  });
  return count > 0;
}
