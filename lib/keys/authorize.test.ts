import { describe, expect, it } from "vitest";
import { authorize, checkKeyUsable, keyCoversPackage, type AuthRequest, type KeyForAuth } from "./authorize";

const DAY = 24 * 60 * 60 * 1000;
const NOW = new Date("2025-06-15T12:00:00.000Z");
const OWNER = "user-1";
const OTHER = "org-9";

function at(offsetMs: number): Date {
  return new Date(NOW.getTime() + offsetMs);
}

function makeKey(overrides: Partial<KeyForAuth> = {}): KeyForAuth {
  return {
    scopes: ["package:push", "package:unlist"],
    subjects: ["Contoso.Core"],
    glob: "Fabrikam.*",
    ownerId: OWNER,
    ownerAllowed: true,
    creatorConfirmed: true,
    expiresAt: at(90 * DAY),
    revokedAt: null,
    legacy: false,
    lastUsedAt: null,
    createdAt: at(-DAY),
    ...overrides,
  };
}

function legacyKey(overrides: Partial<KeyForAuth> = {}): KeyForAuth {
  return makeKey({
    scopes: [],
    subjects: [],
    glob: null,
    expiresAt: null,
    legacy: true,
    lastUsedAt: at(-DAY),
    ...overrides,
  });
}

const pushNew = (packageId: string): AuthRequest => ({ operation: "push", packageId, packageOwnerId: null });
const pushVersion = (packageId: string, packageOwnerId = OWNER): AuthRequest => ({
  operation: "push",
  packageId,
  packageOwnerId,
});
const unlist = (packageId: string, packageOwnerId = OWNER): AuthRequest => ({
  operation: "unlist",
  packageId,
  packageOwnerId,
});

describe("checkKeyUsable", () => {
  it("returns null for a usable key", () => {
    expect(checkKeyUsable(makeKey(), NOW)).toBeNull();
    expect(checkKeyUsable(legacyKey(), NOW)).toBeNull();
  });

  it("denies a revoked key", () => {
    expect(checkKeyUsable(makeKey({ revokedAt: at(-1) }), NOW)).toEqual({
      allow: false,
      rule: "revoked",
      message: "This API key has been revoked.",
    });
  });

  it("denies an expired key from the moment now equals expiresAt", () => {
    const expired = { allow: false, rule: "expired", message: "This API key has expired." };
    expect(checkKeyUsable(makeKey({ expiresAt: NOW }), NOW)).toEqual(expired);
    expect(checkKeyUsable(makeKey({ expiresAt: at(-DAY) }), NOW)).toEqual(expired);
    expect(checkKeyUsable(makeKey({ expiresAt: at(1) }), NOW)).toBeNull();
  });

  it("denies a legacy key idle for more than 365 days, and no scoped key for idleness", () => {
    const retired = {
      allow: false,
      rule: "legacy-retired",
      message: "This legacy API key was unused for more than 365 days and has expired.",
    };
    expect(checkKeyUsable(legacyKey({ lastUsedAt: at(-365 * DAY - 1) }), NOW)).toEqual(retired);
    expect(checkKeyUsable(legacyKey({ lastUsedAt: null, createdAt: at(-400 * DAY) }), NOW)).toEqual(retired);
    expect(checkKeyUsable(legacyKey({ lastUsedAt: at(-365 * DAY) }), NOW)).toBeNull();
    expect(checkKeyUsable(makeKey({ lastUsedAt: at(-400 * DAY), createdAt: at(-500 * DAY) }), NOW)).toBeNull();
  });

  it("denies a key whose creator left its package owner or has not confirmed their address", () => {
    expect(checkKeyUsable(makeKey({ creatorConfirmed: false }), NOW)).toMatchObject({
      allow: false,
      rule: "unconfirmed",
      message: expect.stringContaining("has not confirmed their e-mail address"),
    });
    expect(checkKeyUsable(makeKey({ ownerAllowed: false }), NOW)).toEqual({
      allow: false,
      rule: "owner-membership",
      message: "The creator of this API key is no longer a member of its package owner.",
    });
  });

  it("checks revoked, then expired, then legacy idleness, then membership", () => {
    const all = { revokedAt: at(-1), expiresAt: at(-1), lastUsedAt: at(-400 * DAY), ownerAllowed: false };
    expect(checkKeyUsable(legacyKey(all), NOW)).toMatchObject({ rule: "revoked" });
    expect(checkKeyUsable(legacyKey({ ...all, revokedAt: null }), NOW)).toMatchObject({ rule: "expired" });
    expect(checkKeyUsable(legacyKey({ ...all, revokedAt: null, expiresAt: null }), NOW)).toMatchObject({
      rule: "legacy-retired",
    });
    expect(
      checkKeyUsable(legacyKey({ ...all, revokedAt: null, expiresAt: null, lastUsedAt: at(-1) }), NOW),
    ).toMatchObject({
      rule: "owner-membership",
    });
  });
});

describe("keyCoversPackage", () => {
  it("covers chosen ids ignoring case", () => {
    const key = { subjects: ["Contoso.Core"], glob: null, legacy: false };
    expect(keyCoversPackage(key, "Contoso.Core")).toBe(true);
    expect(keyCoversPackage(key, "contoso.core")).toBe(true);
    expect(keyCoversPackage(key, "CONTOSO.CORE")).toBe(true);
    expect(keyCoversPackage(key, "Contoso.Core.Tests")).toBe(false);
  });

  it("covers ids matching the glob, existing or not, ignoring case", () => {
    const key = { subjects: [], glob: "Fabrikam.*", legacy: false };
    expect(keyCoversPackage(key, "Fabrikam.Logging")).toBe(true);
    expect(keyCoversPackage(key, "fabrikam.brand-new")).toBe(true);
    expect(keyCoversPackage(key, "Contoso.Fabrikam")).toBe(false);
  });

  it("covers ids from subjects or glob when both are set", () => {
    const key = { subjects: ["Contoso.Core"], glob: "Fabrikam.*", legacy: false };
    expect(keyCoversPackage(key, "Contoso.Core")).toBe(true);
    expect(keyCoversPackage(key, "Fabrikam.Core")).toBe(true);
    expect(keyCoversPackage(key, "Contoso.Api")).toBe(false);
  });

  it("covers nothing without subjects or glob", () => {
    expect(keyCoversPackage({ subjects: [], glob: null, legacy: false }, "Anything")).toBe(false);
    expect(keyCoversPackage({ subjects: [], glob: "", legacy: false }, "Anything")).toBe(false);
  });

  it("covers every id for a legacy key, ignoring subjects and glob", () => {
    expect(keyCoversPackage({ subjects: [], glob: null, legacy: true }, "Anything")).toBe(true);
    expect(keyCoversPackage({ subjects: ["Only.This"], glob: "Only.*", legacy: true }, "Something.Else")).toBe(true);
  });
});

describe("authorize", () => {
  it("maps a push of a new id to push-new, of an existing id to push-version, and unlist to unlist", () => {
    const key = makeKey({ scopes: ["package:push", "package:unlist"] });
    expect(authorize(key, pushNew("Fabrikam.New"), NOW)).toEqual({ allow: true, action: "push-new" });
    expect(authorize(key, pushVersion("Fabrikam.Core"), NOW)).toEqual({ allow: true, action: "push-version" });
    expect(authorize(key, unlist("Contoso.Core"), NOW)).toEqual({ allow: true, action: "unlist" });
  });

  it("needs package:push for a new id", () => {
    const key = makeKey({ scopes: ["package:pushversion", "package:unlist"] });
    expect(authorize(key, pushNew("Fabrikam.New"), NOW)).toEqual({
      allow: false,
      rule: "scope",
      message:
        'This API key does not have the scope to push new packages; it needs "Push new packages and package versions".',
    });
  });

  it("accepts package:push or package:pushversion for a new version", () => {
    expect(authorize(makeKey({ scopes: ["package:push"] }), pushVersion("Fabrikam.Core"), NOW)).toMatchObject({
      allow: true,
    });
    expect(authorize(makeKey({ scopes: ["package:pushversion"] }), pushVersion("Fabrikam.Core"), NOW)).toMatchObject({
      allow: true,
    });
    expect(authorize(makeKey({ scopes: ["package:unlist"] }), pushVersion("Fabrikam.Core"), NOW)).toEqual({
      allow: false,
      rule: "scope",
      message:
        'This API key does not have the scope to push new versions of existing packages; it needs "Push new packages and package versions" or "Push only new package versions".',
    });
  });

  it("needs package:unlist to unlist or relist", () => {
    expect(
      authorize(makeKey({ scopes: ["package:push", "package:pushversion"] }), unlist("Fabrikam.Core"), NOW),
    ).toEqual({
      allow: false,
      rule: "scope",
      message:
        'This API key does not have the scope to unlist or relist package versions; it needs "Unlist or relist package versions".',
    });
  });

  it("denies an id outside the key's subjects and glob", () => {
    expect(authorize(makeKey(), pushVersion("Contoso.Api"), NOW)).toEqual({
      allow: false,
      rule: "package",
      message: "This API key is not scoped to the package 'Contoso.Api'.",
    });
    expect(authorize(makeKey(), pushNew("Northwind.New"), NOW)).toMatchObject({ rule: "package" });
  });

  it("matches subjects and glob ignoring case", () => {
    expect(authorize(makeKey(), pushVersion("CONTOSO.core"), NOW)).toMatchObject({ allow: true });
    expect(authorize(makeKey(), pushNew("fabrikam.NEW"), NOW)).toMatchObject({ allow: true });
  });

  it("denies an existing package owned by someone else", () => {
    expect(authorize(makeKey(), pushVersion("Fabrikam.Core", OTHER), NOW)).toEqual({
      allow: false,
      rule: "owner",
      message: "The package 'Fabrikam.Core' is not owned by this API key's package owner.",
    });
    expect(authorize(makeKey(), unlist("Contoso.Core", OTHER), NOW)).toMatchObject({ rule: "owner" });
  });

  it("lets a new id pass the owner rule", () => {
    expect(authorize(makeKey({ ownerId: OTHER }), pushNew("Fabrikam.New"), NOW)).toEqual({
      allow: true,
      action: "push-new",
    });
  });

  it("checks usability first, then scope, then package, then owner", () => {
    const wrongEverything = makeKey({ scopes: ["package:unlist"], subjects: [], glob: "Other.*" });
    const request = pushVersion("Fabrikam.Core", OTHER);
    expect(
      authorize({ ...wrongEverything, revokedAt: at(-1), expiresAt: at(-1), ownerAllowed: false }, request, NOW),
    ).toMatchObject({
      rule: "revoked",
    });
    expect(authorize({ ...wrongEverything, expiresAt: at(-1), ownerAllowed: false }, request, NOW)).toMatchObject({
      rule: "expired",
    });
    expect(authorize({ ...wrongEverything, ownerAllowed: false }, request, NOW)).toMatchObject({
      rule: "owner-membership",
    });
    expect(authorize(wrongEverything, request, NOW)).toMatchObject({ rule: "scope" });
    expect(authorize({ ...wrongEverything, scopes: ["package:push"] }, request, NOW)).toMatchObject({
      rule: "package",
    });
    expect(authorize({ ...wrongEverything, scopes: ["package:push"], glob: "Fabrikam.*" }, request, NOW)).toMatchObject(
      {
        rule: "owner",
      },
    );
  });

  it("denies every operation for an unusable key with the same decision as checkKeyUsable", () => {
    const revoked = makeKey({ revokedAt: at(-1) });
    for (const request of [pushNew("Fabrikam.New"), pushVersion("Fabrikam.Core"), unlist("Fabrikam.Core")]) {
      expect(authorize(revoked, request, NOW)).toEqual(checkKeyUsable(revoked, NOW));
    }
  });

  describe("legacy keys", () => {
    it("have every scope and cover every id of their owner", () => {
      const key = legacyKey();
      expect(authorize(key, pushNew("Anything.New"), NOW)).toEqual({ allow: true, action: "push-new" });
      expect(authorize(key, pushVersion("Contoso.Api"), NOW)).toEqual({ allow: true, action: "push-version" });
      expect(authorize(key, unlist("northwind.data"), NOW)).toEqual({ allow: true, action: "unlist" });
    });

    it("ignore stored scopes, subjects and glob", () => {
      const key = legacyKey({ scopes: ["package:unlist"], subjects: ["Only.This"], glob: "Only.*" });
      expect(authorize(key, pushNew("Something.Else"), NOW)).toEqual({ allow: true, action: "push-new" });
    });

    it("still need the owner to own an existing package", () => {
      expect(authorize(legacyKey(), pushVersion("Contoso.Api", OTHER), NOW)).toMatchObject({ rule: "owner" });
      expect(authorize(legacyKey(), unlist("Contoso.Api", OTHER), NOW)).toMatchObject({ rule: "owner" });
    });

    it("are retired on the first use after 365 idle days", () => {
      expect(authorize(legacyKey({ lastUsedAt: at(-366 * DAY) }), pushVersion("Contoso.Api"), NOW)).toMatchObject({
        rule: "legacy-retired",
      });
    });
  });
});
