import { describe, expect, it } from "vitest";
import { keyQueryParams, keyQuerySchema } from "./query";

describe("keyQuerySchema", () => {
  it("reads the page's URL parameters", () => {
    expect(
      keyQuerySchema.parse({ q: "  Deploy ", status: "expiring", owner: "cmowner1", sort: "name", view: "table" }),
    ).toEqual({ q: "Deploy", status: "expiring", owner: "cmowner1", sort: "name", view: "table" });
  });

  it("drops what it cannot read instead of failing the page", () => {
    expect(
      keyQuerySchema.parse({ q: "a\u0000b", status: "lost", owner: "x y", sort: ["name", "created"], view: "grid" }),
    ).toEqual({ q: undefined, status: undefined, owner: undefined, sort: undefined, view: undefined });
    expect(keyQuerySchema.parse({})).toEqual({});
  });

  it("writes the query back as parameters without the empty ones", () => {
    expect(keyQueryParams({ q: "ci", status: undefined, sort: "name" }, { page: "2" })).toBe("?q=ci&sort=name&page=2");
    expect(keyQueryParams({})).toBe("");
  });
});
