import type { Db, Tx } from "./client";

export type AuditInput = {
  action: string;
  actorId?: string | null;
  accountId?: string | null;
  keyId?: string | null;
  keyName?: string | null;
  packageId?: string | null;
  version?: string | null;
  result?: string | null;
  detail?: Record<string, unknown> | null;
  ip?: string | null;
};

/** Appends to the audit trail; callers pass no secret, only ids, names and outcomes. */
export async function recordAudit(db: Db | Tx, event: AuditInput): Promise<void> {
  await db.auditEvent.create({
    data: { ...event, detail: event.detail ? JSON.stringify(event.detail) : null },
  });
}
