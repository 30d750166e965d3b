import type { Db } from "@/lib/db/client";
import { endSession, findSession, insertSession, touchSession } from "@/lib/db/sessions";

/** A session nobody uses for this long ends. */
export const SESSION_IDLE_MS = 8 * 60 * 60 * 1000;
/** However active, a session ends this long after sign-in. */
export const SESSION_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;

/** What the sessions list shows of a sign-in, and whether it passed a second factor. */
export type SessionMeta = { userAgent?: string | null; ip?: string | null; twoFactor?: boolean };

/** Records a sign-in; the returned id goes into the session cookie. */
export function startSession(db: Db, userId: string, now = new Date(), meta: SessionMeta = {}): Promise<string> {
  return insertSession(db, {
    userId,
    createdAt: now,
    lastSeenAt: now,
    expiresAt: new Date(now.getTime() + SESSION_LIFETIME_MS),
    userAgent: meta.userAgent?.slice(0, 512) ?? null,
    ip: meta.ip ?? null,
    twoFactor: meta.twoFactor ?? false,
  });
}

/**
 * Whether the cookie's session still holds: signed out, idle past the limit or past its lifetime, it does not,
 * and no refreshed cookie is handed out for it.
 */
export async function sessionIsLive(db: Db, id: unknown, userId: unknown, now = new Date()): Promise<boolean> {
  if (typeof id !== "string" || typeof userId !== "string") return false;
  const session = await findSession(db, id);
  if (!session || session.userId !== userId || session.endedAt) return false;
  if (session.expiresAt <= now || now.getTime() - session.lastSeenAt.getTime() > SESSION_IDLE_MS) return false;
  await touchSession(db, id, now);
  return true;
}

export async function finishSession(db: Db, id: unknown, now = new Date()): Promise<void> {
  if (typeof id === "string") await endSession(db, id, now);
}
