import { describe, expect, it } from "vitest";
import * as z from "zod/mini";
import {
  changeEmailSchema,
  changePasswordSchema,
  deleteAccountSchema,
  personalPasswordProblem,
  safeCallbackUrl,
} from "./schemas";

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

describe("the settings forms' schemas", () => {
  const errorsOf = (schema: z.ZodMiniType, value: unknown) => {
    const parsed = z.safeParse(schema, value);
    return parsed.success ? {} : z.flattenError(parsed.error).fieldErrors;
  };

  it("want the current password, a strong new one typed twice, and a change", () => {
    expect(errorsOf(changePasswordSchema, { currentPassword: "", password: "short", confirm: "" })).toEqual({
      currentPassword: ["Enter your current password."],
      password: ["Use at least 12 characters."],
      confirm: ["The two passwords differ."],
    });
    const same = "the very same passphrase";
    expect(errorsOf(changePasswordSchema, { currentPassword: same, password: same, confirm: same })).toEqual({
      password: ["Pick a password different from your current one."],
    });
    expect(
      errorsOf(changePasswordSchema, { currentPassword: "old", password: "a new passphrase", confirm: "a new" }),
    ).toEqual({ confirm: ["The two passwords differ."] });
  });

  it("read the new address in lower case and the typed username without its spaces", () => {
    expect(changeEmailSchema.parse({ email: "New@Example.TEST", password: "x" }).email).toBe("new@example.test");
    expect(deleteAccountSchema.parse({ password: "x", confirmUsername: "  alice " }).confirmUsername).toBe("alice");
    expect(errorsOf(deleteAccountSchema, { password: "x", confirmUsername: "   " })).toEqual({
      confirmUsername: ["Type your username."],
    });
  });
});
