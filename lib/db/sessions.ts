import type { Db, Tx } from "./client";

/** A new session row for a sign-in; the cookie will carry its id. */
export async function insertSession(
  db: Db,
  data: {
    userId: string;
    createdAt: Date;
    lastSeenAt: Date;
    expiresAt: Date;
    userAgent: string | null;
    ip: string | null;
    twoFactor: boolean;
  },
): Promise<string> {
  const session = await db.session.create({ data, select: { id: true } });
  return session.id;
}

export function findSession(db: Db, id: string) {
  return db.session.findUnique({
    where: { id },
    select: { userId: true, lastSeenAt: true, expiresAt: true, endedAt: true },
  });
}

/** Moves "last seen" forward, at most once a minute per session. */
export async function touchSession(db: Db, id: string, now: Date): Promise<void> {
  await db.session.updateMany({
    where: { id, lastSeenAt: { lt: new Date(now.getTime() - 60_000) } },
    data: { lastSeenAt: now },
  });
}

export async function endSession(db: Db, id: string, now: Date): Promise<void> {
  await db.session.updateMany({ where: { id, endedAt: null }, data: { endedAt: now } });
}

/** Ends every session of the user (a new password, "sign out everywhere"); how many were still open. */
export async function endAllSessions(db: Db | Tx, userId: string, now: Date): Promise<number> {
  const { count } = await db.session.updateMany({ where: { userId, endedAt: null }, data: { endedAt: now } });
  return count;
}

/** Ends the user's sessions but the one given (a password changed from this browser); how many ended. */
export async function endOtherSessions(db: Db | Tx, userId: string, keepId: string | null, now: Date): Promise<number> {
  const { count } = await db.session.updateMany({
    where: { userId, endedAt: null, ...(keepId ? { id: { not: keepId } } : {}) },
    data: { endedAt: now },
  });
  return count;
}

/** The user's sessions still open at `now` and seen since `seenAfter`, most recently seen first. */
export function listOpenSessions(db: Db, userId: string, now: Date, seenAfter: Date) {
  return db.session.findMany({
    where: { userId, endedAt: null, expiresAt: { gt: now }, lastSeenAt: { gt: seenAfter } },
    select: { id: true, userAgent: true, ip: true, createdAt: true, lastSeenAt: true, twoFactor: true },
    orderBy: [{ lastSeenAt: "desc" }, { id: "asc" }],
  });
}

/** Ends one of the user's own open sessions; null when the user has no such open session. */
export async function endOwnSession(tx: Tx, userId: string, id: string, now: Date) {
  const session = await tx.session.findFirst({
    where: { id, userId, endedAt: null },
    select: { id: true, userAgent: true, ip: true },
  });
  if (!session) return null;
  const { count } = await tx.session.updateMany({ where: { id, userId, endedAt: null }, data: { endedAt: now } });
  return count > 0 ? session : null;
}

/** The session proved a second factor after signing in (it confirmed two-factor sign-in with a code). */
export async function markSessionTwoFactor(db: Db | Tx, userId: string, sessionId: string): Promise<void> {
  await db.session.updateMany({ where: { id: sessionId, userId, endedAt: null }, data: { twoFactor: true } });
}
