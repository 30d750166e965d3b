export type AuditFilters = { keyId?: string; action?: string };

/** One event of a user's or an organization's audit trail, with the actor's name. */
export type AuditRow = {
  id: string;
  createdAt: Date;
  action: string;
  keyId: string | null;
  keyName: string | null;
  packageId: string | null;
  version: string | null;
  result: string | null;
  detail: string | null;
  ip: string | null;
  actor: string | null;
};
