import { describe, expect, it } from "vitest";
import { seal, unseal } from "./sealed";

const SECRET = "unit-test-secret-0123456789abcdef";
const TOTP = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

describe("sealed secrets", () => {
  it("open again with the same key and context, and never show the plaintext", () => {
    const sealed = seal(TOTP, "user-1", SECRET);
    expect(sealed).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(sealed).not.toContain(TOTP);
    expect(unseal(sealed, "user-1", SECRET)).toBe(TOTP);
  });

  it("differ each time the same plaintext is sealed", () => {
    expect(seal(TOTP, "user-1", SECRET)).not.toBe(seal(TOTP, "user-1", SECRET));
  });

  it("do not open under another key, for another context, or once altered", () => {
    const sealed = seal(TOTP, "user-1", SECRET);
    expect(unseal(sealed, "user-1", `${SECRET}x`)).toBeNull();
    expect(unseal(sealed, "user-2", SECRET)).toBeNull();
    const [version, iv, body, tag] = sealed.split(".");
    const flipped = (body!.startsWith("A") ? "B" : "A") + body!.slice(1);
    expect(unseal([version, iv, flipped, tag].join("."), "user-1", SECRET)).toBeNull();
    expect(unseal(TOTP, "user-1", SECRET)).toBeNull();
    expect(unseal(`${sealed}.extra`, "user-1", SECRET)).toBeNull();
  });

  it("refuse to seal without a server secret", () => {
    expect(() => seal(TOTP, "user-1", "")).toThrow("AUTH_SECRET");
  });
});
