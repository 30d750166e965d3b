import { describe, expect, it } from "vitest";
import {
  acceptedTotpStep,
  groupSecret,
  isTotpCode,
  newRecoveryCode,
  newTotpSecret,
  recoveryCodeHash,
  totpCode,
  totpQrDataUrl,
  totpUri,
} from "./totp";

// RFC 6238, appendix B: the SHA-1 secret "12345678901234567890" at 59 s gives 94287082 (8 digits; 287082 in 6).
const RFC_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
const AT_59 = new Date(59_000);

describe("TOTP", () => {
  it("matches the RFC 6238 test vector", () => {
    expect(totpCode(RFC_SECRET, AT_59)).toBe("287082");
    expect(acceptedTotpStep(RFC_SECRET, "287082", AT_59, null)).toBe(1);
  });

  it("accepts a code one step either side of now, and no further", () => {
    const secret = newTotpSecret();
    const now = new Date(1_700_000_000_000);
    const step = Math.floor(now.getTime() / 30_000);
    const at = (steps: number) => new Date(now.getTime() + steps * 30_000);
    expect(acceptedTotpStep(secret, totpCode(secret, at(-1)), now, null)).toBe(step - 1);
    expect(acceptedTotpStep(secret, totpCode(secret, at(1)), now, null)).toBe(step + 1);
    expect(acceptedTotpStep(secret, totpCode(secret, at(-2)), now, null)).toBeNull();
    expect(acceptedTotpStep(secret, totpCode(secret, at(2)), now, null)).toBeNull();
  });

  it("refuses a code whose step was already used, or an earlier one", () => {
    const secret = newTotpSecret();
    const now = new Date(1_700_000_000_000);
    const step = Math.floor(now.getTime() / 30_000);
    const code = totpCode(secret, now);
    expect(acceptedTotpStep(secret, code, now, step - 1)).toBe(step);
    expect(acceptedTotpStep(secret, code, now, step)).toBeNull();
    expect(acceptedTotpStep(secret, totpCode(secret, new Date(now.getTime() - 30_000)), now, step)).toBeNull();
  });

  it("takes codes with spaces, refuses anything not six digits", () => {
    const secret = newTotpSecret();
    const now = new Date();
    const code = totpCode(secret, now);
    expect(acceptedTotpStep(secret, `${code.slice(0, 3)} ${code.slice(3)}`, now, null)).not.toBeNull();
    expect(isTotpCode("12345")).toBe(false);
    expect(isTotpCode("abcd-efgh-jk")).toBe(false);
    expect(acceptedTotpStep(secret, `${code}0`, now, null)).toBeNull();
  });

  it("gives apps a standard otpauth URI, a QR image and a secret grouped for typing", async () => {
    const secret = newTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    const uri = totpUri(secret, "alice@example.com");
    expect(uri).toMatch(/^otpauth:\/\/totp\/Package%20Gallery:alice%40example\.com\?/);
    expect(uri).toContain(`secret=${secret}`);
    expect(uri).toContain("algorithm=SHA1&digits=6&period=30");
    expect(await totpQrDataUrl(uri)).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(groupSecret("ABCDEFGHIJ")).toBe("ABCD EFGH IJ");
  });
});

describe("recovery codes", () => {
  it("are readable, distinct, and hashed per account whatever their case, dashes or look-alikes", () => {
    const codes = Array.from({ length: 200 }, newRecoveryCode);
    for (const code of codes)
      expect(code).toMatch(/^[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{2}$/);
    expect(new Set(codes).size).toBe(codes.length);
    const hash = recoveryCodeHash("user-1", "1a0b-cdef-gh");
    expect(recoveryCodeHash("user-1", " 1A0B CDEF GH ")).toBe(hash);
    expect(recoveryCodeHash("user-1", "lAOb-cdef-gh")).toBe(hash);
    expect(recoveryCodeHash("user-2", "1a0b-cdef-gh")).not.toBe(hash);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
  });
});
