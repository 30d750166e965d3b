import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  boundedInt,
  cleanQuery,
  DEFAULT_TAKE,
  MAX_SKIP,
  MAX_TAKE,
  parseSearchParams,
  wantsSemVer2,
} from "./search-params";

const parse = (query: string) => parseSearchParams(new URLSearchParams(query));

describe("search parameters", () => {
  it("has defaults: first 20, no prerelease, SemVer 1", () => {
    expect(parse("")).toEqual({
      text: "",
      terms: [],
      idTerms: [],
      exactId: null,
      skip: 0,
      take: DEFAULT_TAKE,
      prerelease: false,
      semVer2: false,
      packageType: null,
    });
  });

  it("clamps take and skip, and falls back on unreadable numbers", () => {
    expect(parse("take=5000&skip=99999")).toMatchObject({ take: MAX_TAKE, skip: MAX_SKIP });
    expect(parse("take=-3&skip=-1")).toMatchObject({ take: 0, skip: 0 });
    expect(parse("take=abc&skip=1e3")).toMatchObject({ take: DEFAULT_TAKE, skip: 0 });
    expect(boundedInt(" 7 ", 1, 10)).toBe(7);
    expect(boundedInt("99999999999999999999999", 1, 10)).toBe(10);
  });

  it("reads prerelease, semVerLevel and packageType", () => {
    expect(parse("prerelease=True&semVerLevel=2.0.0&packageType=DotnetTool")).toMatchObject({
      prerelease: true,
      semVer2: true,
      packageType: "DotnetTool",
    });
    expect(wantsSemVer2("1.0.0")).toBe(false);
    expect(wantsSemVer2("2.1")).toBe(true);
    expect(wantsSemVer2("two")).toBe(false);
    expect(parse("packageType=no%20such").packageType).toBe(",");
  });

  it("splits terms, and reads packageid: and id: as filters", () => {
    expect(parse("q=Contoso%20Service%20contoso")).toMatchObject({
      text: "contoso service contoso",
      terms: ["contoso", "service"],
    });
    expect(parse("q=packageid:Contoso.Client")).toMatchObject({ text: "", exactId: "contoso.client", terms: [] });
    expect(parse("q=id:service%20http")).toMatchObject({ text: "", idTerms: ["service"], terms: ["http"] });
  });

  it("turns controls, NUL and lone surrogates into spaces and caps the length", () => {
    expect(cleanQuery("a\u0000b\tc\u0085d\ud800e")).toBe("a b c d e");
    expect(cleanQuery("\u0000")).toBe("");
    expect(cleanQuery("x".repeat(1000))).toHaveLength(256);
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 300 }), (q) => {
        const clean = cleanQuery(q);
        expect(clean).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
        expect(clean).toBe(clean.trim());
        expect([...clean].length).toBeLessThanOrEqual(256);
        const criteria = parse(`q=${encodeURIComponent(q)}&take=${encodeURIComponent(q)}`);
        expect(criteria.take).toBeGreaterThanOrEqual(0);
        expect(criteria.take).toBeLessThanOrEqual(MAX_TAKE);
      }),
    );
  });
});
