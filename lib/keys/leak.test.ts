import { describe, expect, it } from "vitest";
import { leakLink } from "./leak";

describe("leakLink", () => {
  it("keeps http and https URLs, trimmed", () => {
    expect(leakLink("  https://github.com/a/b/blob/main/x.env ")).toBe("https://github.com/a/b/blob/main/x.env");
    expect(leakLink("http://example.com")).toBe("http://example.com/");
  });

  it("drops other schemes, garbage and overlong URLs", () => {
    expect(leakLink("javascript:alert(1)")).toBeNull();
    expect(leakLink("data:text/html,x")).toBeNull();
    expect(leakLink("not a url")).toBeNull();
    expect(leakLink("")).toBeNull();
    expect(leakLink(undefined)).toBeNull();
    expect(leakLink(`https://example.com/${"a".repeat(2048)}`)).toBeNull();
  });
});
