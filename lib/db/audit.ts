import type { AuditFilters, AuditRow } from "@/lib/audit/views";
import type { Db, Tx } from "./client";

export type AuditInput = {
  createdAt?: Date;
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

export type AuditScope = { userId: string } | { organizationId: string };

import { AUDIT_PER_PAGE } from "@/lib/audit/labels";
export { AUDIT_PER_PAGE };

/** A user's trail (what they did and what their keys did) or an organization's, newest first, a page at a time. */
export async function listAuditEvents(db: Db, scope: AuditScope, filters: AuditFilters = {}, page = 1) {
  const base =
    "userId" in scope
      ? { OR: [{ actorId: scope.userId }, { accountId: scope.userId }] }
      : { accountId: scope.organizationId };
  const where = {
    AND: [base, filters.keyId ? { keyId: filters.keyId } : {}, filters.action ? { action: filters.action } : {}],
  };
  const [rows, total, keys, actions] = await Promise.all([
    db.auditEvent.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (page - 1) * AUDIT_PER_PAGE,
      take: AUDIT_PER_PAGE,
    }),
    db.auditEvent.count({ where }),
    db.auditEvent.findMany({
      where: { AND: [base, { keyId: { not: null } }] },
      distinct: ["keyId"],
      select: { keyId: true, keyName: true },
    }),
    db.auditEvent.findMany({ where: base, distinct: ["action"], select: { action: true }, orderBy: { action: "asc" } }),
  ]);
  const actorIds = [...new Set(rows.map((r) => r.actorId).filter((id): id is string => Boolean(id)))];
  const accounts = await db.account.findMany({
    where: { id: { in: actorIds } },
    select: { id: true, username: true, deletedAt: true },
  });
  const actors = new Map(accounts.map((a) => [a.id, a.deletedAt ? `${a.username} (deleted account)` : a.username]));
  return {
    events: rows.map<AuditRow>((r) => ({
      ...r,
      actor: r.actorId ? (actors.get(r.actorId) ?? "deleted user") : "system",
    })),
    total,
    keys: keys.map((k) => ({ id: k.keyId!, name: k.keyName ?? k.keyId! })),
    actions: actions.map((a) => a.action),
  };
}
