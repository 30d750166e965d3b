import type { Db, Tx } from "./client";

export function findAccountByUsername(tx: Tx, username: string) {
  return tx.account.findUnique({ where: { usernameKey: username.toLowerCase() }, select: { id: true } });
}

/** A person's owner account and its user row, in one write. */
export async function insertUserAccount(
  tx: Tx,
  user: { username: string; email: string; passwordHash: string; emailConfirmedAt: Date | null; createdAt: Date },
): Promise<string> {
  const account = await tx.account.create({
    data: {
      kind: "user",
      username: user.username,
      usernameKey: user.username.toLowerCase(),
      createdAt: user.createdAt,
      user: {
        create: {
          email: user.email,
          name: user.username,
          passwordHash: user.passwordHash,
          emailConfirmedAt: user.emailConfirmedAt,
          createdAt: user.createdAt,
        },
      },
    },
    select: { id: true },
  });
  return account.id;
}

/** A pending, unexpired invitation by its link's token hash, with the organization's name. */
export async function findOpenInvitation(db: Db, tokenHash: string, now: Date) {
  const invitation = await db.invitation.findUnique({
    where: { tokenHash },
    select: {
      email: true,
      expiresAt: true,
      acceptedAt: true,
      declinedAt: true,
      cancelledAt: true,
      organization: { select: { account: { select: { username: true } } } },
    },
  });
  if (!invitation || invitation.acceptedAt || invitation.declinedAt || invitation.cancelledAt) return null;
  if (invitation.expiresAt <= now) return null;
  return { email: invitation.email, organization: invitation.organization.account.username };
}
