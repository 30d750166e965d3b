import { describe, expect, it } from "vitest";
import { safeCallbackUrl } from "./schemas";

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
