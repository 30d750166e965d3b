import type { SessionUser } from "@/lib/auth/views";
import type { Db, Tx } from "./client";

export function findUserForSignIn(db: Db, email: string) {
  return db.user.findUnique({
    where: { email: email.toLowerCase() },
    select: { id: true, email: true, name: true, passwordHash: true, totpEnabledAt: true },
  });
}

export async function findSessionUser(
  db: Db | Tx,
  id: string,
  sessionId: string | null = null,
): Promise<SessionUser | null> {
  const user = await db.user.findUnique({
    where: { id },
    select: {
      id: true,
      email: true,
      name: true,
      emailConfirmedAt: true,
      totpEnabledAt: true,
      account: { select: { username: true } },
      sessions: sessionId ? { where: { id: sessionId }, select: { twoFactor: true } } : false,
    },
  });
  return (
    user && {
      id: user.id,
      email: user.email,
      name: user.name,
      username: user.account.username,
      emailConfirmed: user.emailConfirmedAt !== null,
      twoFactorEnabled: user.totpEnabledAt !== null,
      sessionId,
      sessionTwoFactor: Boolean(user.sessions?.[0]?.twoFactor),
    }
  );
}

export async function findUserIdByEmail(db: Db | Tx, email: string): Promise<string | null> {
  const user = await db.user.findUnique({ where: { email: email.toLowerCase() }, select: { id: true } });
  return user?.id ?? null;
}

/** What a change to the account is checked against: its password, address and name. */
export function findUserCredentials(db: Db | Tx, userId: string) {
  return db.user.findUnique({
    where: { id: userId },
    select: { id: true, email: true, passwordHash: true, account: { select: { username: true } } },
  });
}
