import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { globMatches, PACKAGE_ID_MAX, validateGlob } from "./glob";

const numRuns = Number(process.env.FC_NUM_RUNS) || 1000;

/** Independent reference: dynamic-programming wildcard match over lower-cased characters. */
function referenceMatch(glob: string, id: string): boolean {
  const p = glob.toLowerCase();
  const s = id.toLowerCase();
  let row: boolean[] = Array.from({ length: s.length + 1 }, (_, j) => j === 0);
  for (const ch of p) {
    const next: boolean[] = new Array<boolean>(s.length + 1).fill(false);
    next[0] = ch === "*" && row[0] === true;
    for (let j = 1; j <= s.length; j++) {
      next[j] = ch === "*" ? row[j] === true || next[j - 1] === true : row[j - 1] === true && s[j - 1] === ch;
    }
    row = next;
  }
  return row[s.length] === true;
}

const LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
const ID_CHARS = [...LETTERS, ..."0123456789", ".", "_", "-"];
// A small alphabet with both cases makes matches and near misses frequent.
const NARROW_CHARS = ["a", "A", "b", "B", "1", ".", "_", "-"];

function idArb(chars: string[], maxLength: number) {
  return fc.string({ unit: fc.constantFrom(...chars), minLength: 1, maxLength });
}

function globArb(chars: string[], maxLength: number) {
  const unit = fc.oneof(
    { arbitrary: fc.constant("*"), weight: 1 },
    { arbitrary: fc.constantFrom(...chars), weight: 3 },
  );
  return fc.string({ unit, minLength: 1, maxLength });
}

// Short, dot- and star-heavy strings reach picomatch's path-segment and fast-path special cases.
function shortArb(withStar: boolean) {
  const units = [
    { arbitrary: fc.constant("."), weight: 3 },
    { arbitrary: fc.constantFrom(...NARROW_CHARS), weight: 3 },
    ...(withStar ? [{ arbitrary: fc.constant("*"), weight: 3 }] : []),
  ];
  return fc.oneof(
    fc.string({ unit: fc.oneof(...units), minLength: 1, maxLength: 4 }),
    fc.string({ unit: fc.oneof(...units), minLength: 1, maxLength: 12 }),
  );
}

function swapCase(text: string): string {
  return [...text].map((c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase())).join("");
}

describe("validateGlob", () => {
  it("accepts letters, digits, '.', '_', '-' and '*' up to the id length limit", () => {
    expect(validateGlob("Contoso.Service.*")).toEqual({ ok: true });
    expect(validateGlob("*")).toEqual({ ok: true });
    expect(validateGlob("*a_b-c.9*")).toEqual({ ok: true });
    expect(validateGlob("a".repeat(PACKAGE_ID_MAX))).toEqual({ ok: true });
  });

  it("rejects an empty, too long or badly formed pattern with a message", () => {
    expect(validateGlob("")).toEqual({ ok: false, message: "Enter a glob pattern." });
    expect(validateGlob("a".repeat(PACKAGE_ID_MAX + 1))).toMatchObject({
      ok: false,
      message: expect.stringContaining("at most 100"),
    });
    for (const bad of ["a/b", "a b", "a?", "[ab]", "!a", "{a,b}", "a+", "é*", "a\\*"]) {
      expect(validateGlob(bad)).toMatchObject({ ok: false, message: expect.stringContaining("only letters, digits") });
    }
  });

  it("accepts exactly the strings drawn from the allowed alphabet", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: PACKAGE_ID_MAX }), (glob) => {
        expect(validateGlob(glob).ok).toBe(/^[A-Za-z0-9._*-]+$/.test(glob));
      }),
      { numRuns },
    );
  });
});

/** Whether `glob` matches each of `ids`: all of them, or with `matches` false, none. */
function expectMatches(glob: string, ids: string[], matches = true) {
  for (const id of ids) expect(globMatches(glob, id), `${glob} ~ ${id}`).toBe(matches);
}

describe("globMatches", () => {
  it("matches prefixes, suffixes and infixes", () => {
    expectMatches("Contoso.Service.*", ["Contoso.Service.Api"]);
    expectMatches("Contoso.Service.*", ["Contoso.Services"], false);
    expectMatches("Fabrikam.*", ["Fabrikam.Core"]);
    expectMatches("*.Core", ["Fabrikam.Core"]);
    expectMatches("*.Core", ["Fabrikam.Core.Tests"], false);
    expectMatches("*Service*", ["Contoso.Service.Api"]);
    expectMatches("Contoso.*.Api", ["Contoso.Service.Api"]);
  });

  it("ignores case in both pattern and id", () => {
    expectMatches("contoso.*", ["CONTOSO.Service"]);
    expectMatches("CONTOSO.*", ["contoso.service"]);
  });

  it("lets '*' match the empty string, anywhere and several times", () => {
    for (const glob of ["Fabrikam*", "*Fabrikam", "Fab*rik*am"]) expectMatches(glob, ["Fabrikam"]);
    expectMatches("*.*", ["a.", ".a", "."]);
    expectMatches(".*", ["."]);
    expectMatches("**", ["a"]);
  });

  it("lets '*' match ids that start with '.' or consist of dots", () => {
    expectMatches("*", [".hidden", ".", ".."]);
    for (const glob of ["*..*", "*."]) expectMatches(glob, [".."]);
  });

  it("treats '.', '_' and '-' literally", () => {
    expectMatches("a.b", ["axb"], false);
    expectMatches("a_b", ["a_b"]);
    expectMatches("a-c", ["abc"], false);
    expectMatches("a-c", ["a-c"]);
  });

  it("never matches an id containing '/'", () => {
    expectMatches("*", ["a/b"], false);
  });

  it("agrees with the reference matcher on short, dot-heavy strings", () => {
    fc.assert(
      fc.property(shortArb(true), shortArb(false), (glob, id) => {
        expect(globMatches(glob, id)).toBe(referenceMatch(glob, id));
      }),
      { numRuns },
    );
  });

  it("agrees with the reference matcher on the full alphabet", () => {
    fc.assert(
      fc.property(globArb(ID_CHARS, 30), idArb(ID_CHARS, PACKAGE_ID_MAX), (glob, id) => {
        expect(globMatches(glob, id)).toBe(referenceMatch(glob, id));
      }),
      { numRuns },
    );
  });

  it("matches every id made by filling each '*' with any text, in any case", () => {
    const filled = globArb(ID_CHARS, 20).chain((glob) =>
      fc
        .array(fc.string({ unit: fc.constantFrom(...ID_CHARS), maxLength: 6 }), {
          minLength: glob.split("*").length - 1,
          maxLength: glob.split("*").length - 1,
        })
        .map((fills) => {
          const parts = glob.split("*");
          const id = parts.map((part, i) => part + (fills[i] ?? "")).join("");
          return { glob, id };
        }),
    );
    fc.assert(
      fc.property(filled, fc.boolean(), ({ glob, id }, swap) => {
        fc.pre(id.length > 0);
        const presented = swap ? swapCase(id) : id;
        expect(referenceMatch(glob, presented)).toBe(true);
        expect(globMatches(glob, presented)).toBe(true);
      }),
      { numRuns },
    );
  });
});
