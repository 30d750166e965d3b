import { SESSION_IDLE_MS } from "@/lib/auth/sessions";
import { recordAudit } from "@/lib/db/audit";
import type { Db } from "@/lib/db/client";
import { endAllSessions, endOwnSession, listOpenSessions } from "@/lib/db/sessions";
import { findUserCredentials } from "@/lib/db/users";
import { fail, ok, type Result } from "@/lib/result";
import { describeUserAgent } from "./user-agent";
import type { SessionView } from "./views";

export const SESSION_NOT_FOUND = "That session has already ended.";
export const SIGNED_OUT = "Your session has ended. Sign in again.";

/** The user's sessions that still work, this browser's first, then by when they were last seen. */
export async function listSessions(
  db: Db,
  userId: string,
  currentSessionId: string | null,
  now = new Date(),
): Promise<SessionView[]> {
  const rows = await listOpenSessions(db, userId, now, new Date(now.getTime() - SESSION_IDLE_MS));
  const views = rows.map<SessionView>((row) => ({
    id: row.id,
    device: describeUserAgent(row.userAgent),
    ip: row.ip,
    createdAt: row.createdAt,
    lastSeenAt: row.lastSeenAt,
    twoFactor: row.twoFactor,
    current: row.id === currentSessionId,
  }));
  return [...views.filter((v) => v.current), ...views.filter((v) => !v.current)];
}

/** Signs out one of the user's own sessions; anyone else's reads as already ended. */
export async function endSession(
  db: Db,
  userId: string,
  sessionId: string,
  currentSessionId: string | null = null,
  now = new Date(),
): Promise<Result<{ current: boolean }>> {
  return db.$transaction(async (tx) => {
    const ended = await endOwnSession(tx, userId, sessionId, now);
    if (!ended) return fail(SESSION_NOT_FOUND);
    await recordAudit(tx, {
      action: "account.session-end",
      actorId: userId,
      accountId: userId,
      detail: { device: describeUserAgent(ended.userAgent), ip: ended.ip },
    });
    return ok({ current: sessionId === currentSessionId });
  });
}

/** Signs out every session of the user, this browser's included. */
export async function signOutEverywhere(db: Db, userId: string, now = new Date()): Promise<Result<{ ended: number }>> {
  if (!(await findUserCredentials(db, userId))) return fail(SIGNED_OUT);
  return db.$transaction(async (tx) => {
    const ended = await endAllSessions(tx, userId, now);
    await recordAudit(tx, { action: "account.sessions-end", actorId: userId, accountId: userId, detail: { ended } });
    return ok({ ended });
  });
}
