import type { Db } from "./client";

export type SessionUser = { id: string; email: string; name: string; username: string };

export function findUserForSignIn(db: Db, email: string) {
  return db.user.findUnique({
    where: { email: email.toLowerCase() },
    select: { id: true, email: true, name: true, passwordHash: true },
  });
}

export async function findSessionUser(db: Db, id: string): Promise<SessionUser | null> {
  const user = await db.user.findUnique({
    where: { id },
    select: { id: true, email: true, name: true, account: { select: { username: true } } },
  });
  return user && { id: user.id, email: user.email, name: user.name, username: user.account.username };
}
