import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ANY_RANGE, normalizeRange } from "./version-range";

describe("normalizeRange", () => {
  it.each([
    ["", ANY_RANGE, false],
    ["  ", ANY_RANGE, false],
    ["1.0", "[1.0.0, )", false],
    [" 1.2.3.0 ", "[1.2.3, )", false],
    ["[1.0]", "[1.0.0]", false],
    ["[1.0,2.0)", "[1.0.0, 2.0.0)", false],
    ["[1.0 , 2.0]", "[1.0.0, 2.0.0]", false],
    ["(,2.0]", "(, 2.0.0]", false],
    ["(1.0,)", "(1.0.0, )", false],
    ["(,)", ANY_RANGE, false],
    ["[1.0.0-beta, 2.0.0)", "[1.0.0-beta, 2.0.0)", false],
    ["1.0.0-beta.1", "[1.0.0-beta.1, )", true],
    ["[1.0, 2.0.0+meta)", "[1.0.0, 2.0.0)", true],
    ["[1.0.0-rc.1]", "[1.0.0-rc.1]", true],
  ])("%j is %j (SemVer 2: %s)", (input, range, semVer2) => {
    expect(normalizeRange(input)).toEqual({ ok: true, range, semVer2 });
  });

  it.each(["[", "1.0)", "(1.0)", "(1.0]", "[1.0,2.0,3.0]", "[2.0,1.0]", "[1.0,1.0)", "1.*", "abc", "[a,b]"])(
    "refuses %j",
    (input) => {
      expect(normalizeRange(input)).toEqual({ ok: false });
    },
  );

  it("never throws, and its output reads back as itself", () => {
    const piece = fc.constantFrom("[", "(", "]", ")", ",", " ", "1", "0", ".", "-", "beta", "+m", "2");
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 30 }),
          fc.array(piece, { maxLength: 12 }).map((p) => p.join("")),
        ),
        (input) => {
          const result = normalizeRange(input);
          if (result.ok) expect(normalizeRange(result.range)).toMatchObject({ ok: true, range: result.range });
        },
      ),
      { numRuns: Number(process.env.FC_NUM_RUNS) || 1000 },
    );
  });
});
