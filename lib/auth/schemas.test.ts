import { describe, expect, it } from "vitest";
import { personalPasswordProblem, safeCallbackUrl } from "./schemas";

const FALLBACK = "/account/apikeys";

describe("safeCallbackUrl", () => {
  it("keeps paths on this site, with their query", () => {
    expect(safeCallbackUrl("/organizations/Contoso")).toBe("/organizations/Contoso");
    expect(safeCallbackUrl("/account/apikeys?page=2")).toBe("/account/apikeys?page=2");
    expect(safeCallbackUrl("/a/../packages")).toBe("/packages");
  });

  it.each([
    "//evil.com",
    "/.//evil.com/x",
    "/%09/evil.com",
    "/\\evil.com",
    "/\\/evil.com",
    "https://evil.com",
    "http:/evil.com",
    "javascript:alert(1)",
    "/%0a/account",
    "/account%0d%0aSet-Cookie:x=1",
    "/account%00",
    "/\u200b/evil.com",
    "/%E2%80%8B/evil.com",
    "/%2F%2Fevil.com",
    "/../..//evil.com",
    "/%",
    "account",
    "",
  ])("refuses %j", (value) => {
    expect(safeCallbackUrl(value)).toBe(FALLBACK);
  });

  it("refuses anything that is not a string", () => {
    expect(safeCallbackUrl(null)).toBe(FALLBACK);
    expect(safeCallbackUrl(["/x"])).toBe(FALLBACK);
  });
});

describe("newPasswordSchema", () => {
  it("takes a long, uncommon password and says why it refuses others", async () => {
    const { newPasswordSchema } = await import("./schemas");
    expect(newPasswordSchema.safeParse("correct horse battery staple").success).toBe(true);
    const message = (value: string) => newPasswordSchema.safeParse(value).error?.issues[0]?.message;
    expect(message("short")).toBe("Use at least 12 characters.");
    expect(message("Password123")).toBe("Use at least 12 characters.");
    expect(message("administrator")).toBe("That password is one of the most common; pick another.");
    expect(message("aaaaaaaaaaaaaaaa")).toBe("Use more than a few different characters.");
  });
});

describe("personalPasswordProblem", () => {
  it("refuses the e-mail address, its name part or the username inside the password, in any case", () => {
    expect(personalPasswordProblem("carol@example.com", "carol@example.com")).toMatch(/e-mail address or username/);
    expect(personalPasswordProblem("xxCAROLINE-2026xx", "caroline@example.com")).toMatch(/e-mail/);
    expect(personalPasswordProblem("my-dave-dave-pass", null, "dave")).toMatch(/username/);
    expect(personalPasswordProblem("correct horse battery", "carol@example.com", "carol")).toBeNull();
    expect(personalPasswordProblem("a-bo-c-unrelated", "bo@example.com")).toBeNull();
  });
});
