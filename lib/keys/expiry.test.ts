import { describe, expect, it } from "vitest";
import {
  daysLeft,
  DEFAULT_EXPIRY_DAYS,
  EXPIRY_DAYS,
  expiresAtFrom,
  keyStatus,
  LEGACY_IDLE_DAYS,
  legacyIdleExpired,
  statusText,
  WARNING_DAYS,
  type KeyTimes,
} from "./expiry";

const DAY = 24 * 60 * 60 * 1000;
const NOW = new Date("2025-06-15T12:00:00.000Z");

function at(offsetMs: number): Date {
  return new Date(NOW.getTime() + offsetMs);
}

function scoped(expiresAt: Date, overrides: Partial<KeyTimes> = {}): KeyTimes {
  return { expiresAt, revokedAt: null, legacy: false, lastUsedAt: null, createdAt: at(-30 * DAY), ...overrides };
}

describe("expiry choices", () => {
  it("offers 1, 90, 180, 270 and 365 days with 365 as default, and a 10 day warning", () => {
    expect(EXPIRY_DAYS).toEqual([1, 90, 180, 270, 365]);
    expect(DEFAULT_EXPIRY_DAYS).toBe(365);
    expect(WARNING_DAYS).toBe(10);
    expect(LEGACY_IDLE_DAYS).toBe(365);
  });

  it("computes the expiry date from now and a number of days", () => {
    expect(expiresAtFrom(NOW, 90)).toEqual(at(90 * DAY));
    expect(expiresAtFrom(NOW, 1)).toEqual(at(DAY));
  });
});

describe("daysLeft", () => {
  it("rounds any part of a day up", () => {
    expect(daysLeft(at(1), NOW)).toBe(1);
    expect(daysLeft(at(DAY), NOW)).toBe(1);
    expect(daysLeft(at(DAY + 1), NOW)).toBe(2);
    expect(daysLeft(at(90 * DAY - 1), NOW)).toBe(90);
  });

  it("never goes below zero", () => {
    expect(daysLeft(NOW, NOW)).toBe(0);
    expect(daysLeft(at(-5 * DAY), NOW)).toBe(0);
  });
});

describe("keyStatus", () => {
  it("is active with the days left before expiry", () => {
    expect(keyStatus(scoped(at(90 * DAY)), NOW)).toEqual({ kind: "active", daysLeft: 90, expiringSoon: false });
  });

  it("is expired when now equals expiresAt, and active one millisecond before", () => {
    expect(keyStatus(scoped(NOW), NOW)).toEqual({ kind: "expired" });
    expect(keyStatus(scoped(at(1)), NOW)).toEqual({ kind: "active", daysLeft: 1, expiringSoon: true });
    expect(keyStatus(scoped(at(-1)), NOW)).toEqual({ kind: "expired" });
  });

  it("warns within 10 days and not beyond", () => {
    expect(keyStatus(scoped(at(WARNING_DAYS * DAY)), NOW)).toMatchObject({ daysLeft: 10, expiringSoon: true });
    expect(keyStatus(scoped(at(WARNING_DAYS * DAY + 1)), NOW)).toMatchObject({ daysLeft: 11, expiringSoon: false });
    expect(keyStatus(scoped(at(3 * DAY)), NOW)).toMatchObject({ daysLeft: 3, expiringSoon: true });
  });

  it("never expires without an expiry date", () => {
    const legacy = scoped(NOW, { expiresAt: null, legacy: true });
    expect(keyStatus(legacy, NOW)).toEqual({ kind: "never-expires" });
  });

  it("reports revoked before expired or never-expires", () => {
    expect(keyStatus(scoped(at(-DAY), { revokedAt: at(-2 * DAY) }), NOW)).toEqual({ kind: "revoked" });
    expect(keyStatus(scoped(NOW, { expiresAt: null, legacy: true, revokedAt: at(-DAY) }), NOW)).toEqual({
      kind: "revoked",
    });
  });
});

describe("statusText", () => {
  it("describes each status", () => {
    expect(statusText({ kind: "revoked" })).toBe("Revoked");
    expect(statusText({ kind: "expired" })).toBe("Expired");
    expect(statusText({ kind: "never-expires" })).toBe("Never expires");
    expect(statusText({ kind: "active", daysLeft: 1, expiringSoon: true })).toBe("Expires in 1 day");
    expect(statusText({ kind: "active", daysLeft: 42, expiringSoon: false })).toBe("Expires in 42 days");
  });
});

describe("legacyIdleExpired", () => {
  it("allows exactly 365 idle days and expires one millisecond later", () => {
    expect(legacyIdleExpired({ lastUsedAt: at(-LEGACY_IDLE_DAYS * DAY), createdAt: at(-1000 * DAY) }, NOW)).toBe(false);
    expect(legacyIdleExpired({ lastUsedAt: at(-LEGACY_IDLE_DAYS * DAY - 1), createdAt: at(-1000 * DAY) }, NOW)).toBe(
      true,
    );
  });

  it("counts from the last use, or from creation when never used", () => {
    expect(legacyIdleExpired({ lastUsedAt: at(-DAY), createdAt: at(-1000 * DAY) }, NOW)).toBe(false);
    expect(legacyIdleExpired({ lastUsedAt: null, createdAt: at(-LEGACY_IDLE_DAYS * DAY) }, NOW)).toBe(false);
    expect(legacyIdleExpired({ lastUsedAt: null, createdAt: at(-LEGACY_IDLE_DAYS * DAY - 1) }, NOW)).toBe(true);
  });
});
