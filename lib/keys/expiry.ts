export const EXPIRY_DAYS = [1, 90, 180, 270, 365] as const;
export type ExpiryDays = (typeof EXPIRY_DAYS)[number];
export const DEFAULT_EXPIRY_DAYS: ExpiryDays = 365;
export const WARNING_DAYS = 10;
export const LEGACY_IDLE_DAYS = 365;

export const DAY_MS = 24 * 60 * 60 * 1000;

export type KeyTimes = {
  expiresAt: Date | null;
  revokedAt: Date | null;
  legacy: boolean;
  lastUsedAt: Date | null;
  createdAt: Date;
};

export type KeyStatus =
  | { kind: "active"; daysLeft: number; expiringSoon: boolean }
  | { kind: "never-expires" }
  | { kind: "expired" }
  | { kind: "revoked" };

export function expiresAtFrom(now: Date, days: number): Date {
  return new Date(now.getTime() + days * DAY_MS);
}

/** Keys expiring at or before this moment are in the warning window (banner, expiry mails). */
export function warningCutoff(now: Date): Date {
  return new Date(now.getTime() + WARNING_DAYS * DAY_MS);
}

export function daysLeft(expiresAt: Date, now: Date): number {
  return Math.max(0, Math.ceil((expiresAt.getTime() - now.getTime()) / DAY_MS));
}

/** A legacy key expires on its first use after LEGACY_IDLE_DAYS without one. */
export function legacyIdleExpired(key: Pick<KeyTimes, "lastUsedAt" | "createdAt">, now: Date): boolean {
  const since = key.lastUsedAt ?? key.createdAt;
  return now.getTime() - since.getTime() > LEGACY_IDLE_DAYS * DAY_MS;
}

export function keyStatus(key: KeyTimes, now: Date): KeyStatus {
  if (key.revokedAt) return { kind: "revoked" };
  if (key.expiresAt === null) return { kind: "never-expires" };
  if (now.getTime() >= key.expiresAt.getTime()) return { kind: "expired" };
  const left = daysLeft(key.expiresAt, now);
  return { kind: "active", daysLeft: left, expiringSoon: left <= WARNING_DAYS };
}

export function statusText(status: KeyStatus): string {
  switch (status.kind) {
    case "revoked":
      return "Revoked";
    case "expired":
      return "Expired";
    case "never-expires":
      return "Never expires";
    case "active":
      return status.daysLeft === 1 ? "Expires in 1 day" : `Expires in ${status.daysLeft} days`;
  }
}
