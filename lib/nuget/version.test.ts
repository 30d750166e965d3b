import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compareVersions, isPrerelease, isSemVer2, MAX_VERSION_LENGTH, normalizeVersion } from "./version";

const numRuns = Number(process.env.FC_NUM_RUNS) || 1000;

const VALID: [string, string][] = [
  ["1", "1.0.0"],
  ["1.0", "1.0.0"],
  ["1.0.0", "1.0.0"],
  ["1.0.0.0", "1.0.0"],
  ["1.0.0.4", "1.0.0.4"],
  ["1.2.3.0-beta", "1.2.3-beta"],
  ["01.2.3", "1.2.3"],
  ["01.002.3", "1.2.3"],
  ["0.0.0", "0.0.0"],
  ["000.00.0.000", "0.0.0"],
  ["2147483647.2147483647.2147483647.2147483647", "2147483647.2147483647.2147483647.2147483647"],
  ["1.0.0-Beta.1+build.5", "1.0.0-Beta.1"],
  ["1.0.0-beta", "1.0.0-beta"],
  ["1.0.0-RC-1", "1.0.0-RC-1"],
  ["1.0.0--", "1.0.0--"],
  ["1.0.0-0", "1.0.0-0"],
  ["1.0.0-0a", "1.0.0-0a"],
  ["1.0.0-alpha.0.1", "1.0.0-alpha.0.1"],
  ["1.0.0+build", "1.0.0"],
  ["1.0.0+001.sha-5114f85", "1.0.0"],
  ["1.0-beta+meta", "1.0.0-beta"],
  ["4.0.0.1-preview.2.21154.6", "4.0.0.1-preview.2.21154.6"],
];

const INVALID: [string, string][] = [
  ["", "'' is not a valid version: it is empty."],
  ["1.0.0-", "'1.0.0-' is not a valid version: the prerelease label is empty."],
  ["1.0.0 ", "'1.0.0 ' is not a valid version: it contains whitespace."],
  [" 1.0.0", "' 1.0.0' is not a valid version: it contains whitespace."],
  ["1.0 .0", "'1.0 .0' is not a valid version: it contains whitespace."],
  ["1.0.0-be\tta", "'1.0.0-be\tta' is not a valid version: it contains whitespace."],
  ["1.0.0.0.0", "'1.0.0.0.0' is not a valid version: it has more than 4 numeric parts."],
  ["1.a.0", "'1.a.0' is not a valid version: the part 'a' is not a number."],
  ["v1.0.0", "'v1.0.0' is not a valid version: the part 'v1' is not a number."],
  ["1.0.x", "'1.0.x' is not a valid version: the part 'x' is not a number."],
  ["1.0.-1", "'1.0.-1' is not a valid version: it has an empty numeric part."],
  ["1..0", "'1..0' is not a valid version: it has an empty numeric part."],
  ["1.0.", "'1.0.' is not a valid version: it has an empty numeric part."],
  [".1", "'.1' is not a valid version: it has an empty numeric part."],
  ["-beta", "'-beta' is not a valid version: it has no version number."],
  ["+meta", "'+meta' is not a valid version: it has no version number."],
  ["2147483648.0.0", "'2147483648.0.0' is not a valid version: the part '2147483648' is larger than 2147483647."],
  ["1.99999999999.0", "'1.99999999999.0' is not a valid version: the part '99999999999' is larger than 2147483647."],
  ["1.0.0-beta..1", "'1.0.0-beta..1' is not a valid version: the prerelease label has an empty identifier."],
  ["1.0.0-beta.", "'1.0.0-beta.' is not a valid version: the prerelease label has an empty identifier."],
  [
    "1.0.0-01",
    "'1.0.0-01' is not a valid version: the numeric identifier '01' in the prerelease label has a leading zero.",
  ],
  [
    "1.0.0-beta_1",
    "'1.0.0-beta_1' is not a valid version: the prerelease label may only contain letters, digits, '-' and '.'.",
  ],
  [
    "1.0.0-bêta",
    "'1.0.0-bêta' is not a valid version: the prerelease label may only contain letters, digits, '-' and '.'.",
  ],
  ["1.0.0+", "'1.0.0+' is not a valid version: the build metadata is empty."],
  ["1.0.0+a..b", "'1.0.0+a..b' is not a valid version: the build metadata has an empty identifier."],
  [
    "1.0.0+a+b",
    "'1.0.0+a+b' is not a valid version: the build metadata may only contain letters, digits, '-' and '.'.",
  ],
  [
    "1.0.0+a_b",
    "'1.0.0+a_b' is not a valid version: the build metadata may only contain letters, digits, '-' and '.'.",
  ],
];

describe("normalizeVersion", () => {
  it.each(VALID)("normalizes %j to %j", (input, expected) => {
    expect(normalizeVersion(input)).toEqual({ ok: true, version: expected });
  });

  it.each(INVALID)("rejects %j", (input, message) => {
    expect(normalizeVersion(input)).toEqual({ ok: false, message });
  });

  it("allows exactly 64 characters and rejects 65 without echoing all of it", () => {
    const at64 = `1.0.0-${"a".repeat(MAX_VERSION_LENGTH - 6)}`;
    expect(normalizeVersion(at64)).toEqual({ ok: true, version: at64 });
    const result = normalizeVersion(`${at64}b`);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.message).toMatch(/is not a valid version: it is longer than 64 characters\.$/);
      expect(result.message).toContain("…");
    }
  });

  it("checks length before anything else, so build metadata counts", () => {
    expect(normalizeVersion(`1.0.0+${"m".repeat(60)}`).ok).toBe(false);
  });

  it("is idempotent on its own output", () => {
    const numericPart = fc.oneof(
      fc.integer({ min: 0, max: 2147483647 }).map(String),
      fc.stringMatching(/^0{0,3}[0-9]{1,3}$/),
    );
    const identifier = fc.stringMatching(/^[0-9A-Za-z-]{1,8}$/);
    const structured = fc
      .tuple(
        fc.array(numericPart, { minLength: 1, maxLength: 4 }),
        fc.option(fc.array(identifier, { minLength: 1, maxLength: 4 })),
        fc.option(fc.array(identifier, { minLength: 1, maxLength: 3 })),
      )
      .map(
        ([nums, pre, meta]) => `${nums.join(".")}${pre ? `-${pre.join(".")}` : ""}${meta ? `+${meta.join(".")}` : ""}`,
      );
    const noisy = fc.string({ unit: fc.constantFrom(..."0123456789.-+aZ _"), maxLength: 24 });
    fc.assert(
      fc.property(fc.oneof(structured, noisy), (input) => {
        const first = normalizeVersion(input);
        if (!first.ok) return;
        expect(normalizeVersion(first.version)).toEqual(first);
        expect(compareVersions(input, first.version)).toBe(0);
      }),
      { numRuns },
    );
  });
});

describe("compareVersions", () => {
  const ASCENDING = [
    "0.0.1",
    "0.1.0",
    "1.0.0-0",
    "1.0.0-1",
    "1.0.0-2",
    "1.0.0-10",
    "1.0.0-alpha",
    "1.0.0-alpha.1",
    "1.0.0-alpha.beta",
    "1.0.0-beta",
    "1.0.0-beta.2",
    "1.0.0-beta.11",
    "1.0.0-rc.1",
    "1.0.0",
    "1.0.0.1-beta",
    "1.0.0.1",
    "1.0.0.2",
    "1.0.1",
    "1.2.0",
    "1.10.0",
    "2.0.0",
    "10.0.0",
  ];

  it("orders by SemVer precedence: numbers, then prerelease before release, numeric before alphanumeric", () => {
    for (let i = 0; i < ASCENDING.length - 1; i++) {
      const older = ASCENDING[i] ?? "";
      const newer = ASCENDING[i + 1] ?? "";
      expect(compareVersions(older, newer), `${older} < ${newer}`).toBe(-1);
      expect(compareVersions(newer, older), `${newer} > ${older}`).toBe(1);
    }
  });

  it("sorts a shuffled list newest first with (a, b) => compareVersions(b, a)", () => {
    const shuffled = [...ASCENDING].reverse().sort((a, b) => a.localeCompare(b));
    expect(shuffled.sort((a, b) => compareVersions(b, a))).toEqual([...ASCENDING].reverse());
  });

  it("treats equal versions as equal, ignoring metadata, trailing zeros and label case (as NuGet does)", () => {
    expect(compareVersions("1.0.0", "1.0")).toBe(0);
    expect(compareVersions("1.0.0.0", "1")).toBe(0);
    expect(compareVersions("1.0.0+a", "1.0.0+b")).toBe(0);
    expect(compareVersions("1.0.0-Beta", "1.0.0-beta")).toBe(0);
    expect(compareVersions("1.0.0-ALPHA", "1.0.0-beta")).toBe(-1);
  });

  it("compares long numeric identifiers without losing precision", () => {
    expect(compareVersions("1.0.0-18446744073709551616", "1.0.0-18446744073709551617")).toBe(-1);
    expect(compareVersions("1.0.0-99", "1.0.0-100")).toBe(-1);
  });

  it("puts unparsable strings after valid versions and stays total", () => {
    expect(compareVersions("not a version", "1.0.0")).toBe(1);
    expect(compareVersions("1.0.0", "not a version")).toBe(-1);
    expect(compareVersions("b b", "a a")).toBe(1);
  });

  it("is antisymmetric and transitive on random versions", () => {
    const version = fc
      .tuple(
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 4 }),
        fc.option(
          fc.array(fc.constantFrom("0", "1", "2", "10", "a", "A", "b", "rc", "-"), { minLength: 1, maxLength: 3 }),
        ),
      )
      .map(([nums, pre]) => `${nums.join(".")}${pre ? `-${pre.join(".")}` : ""}`);
    fc.assert(
      fc.property(version, version, version, (a, b, c) => {
        expect(compareVersions(a, b)).toBe(-compareVersions(b, a) || 0);
        if (compareVersions(a, b) <= 0 && compareVersions(b, c) <= 0)
          expect(compareVersions(a, c)).toBeLessThanOrEqual(0);
      }),
      { numRuns },
    );
  });
});

describe("compareVersions: properties", () => {
  const identifier = fc.oneof(
    fc.integer({ min: 0, max: 20 }).map(String),
    fc.stringMatching(/^[0-9A-Za-z-]{1,5}$/).filter((s) => !/^0\d/.test(s)),
  );
  const parts = fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 4 });
  const label = fc.array(identifier, { minLength: 1, maxLength: 3 });
  const version = fc
    .tuple(parts, fc.option(label, { nil: undefined }))
    .map(([nums, pre]) => `${nums.join(".")}${pre ? `-${pre.join(".")}` : ""}`);
  const swapCase = (text: string) =>
    [...text].map((ch) => (ch === ch.toLowerCase() ? ch.toUpperCase() : ch.toLowerCase())).join("");

  it("is reflexive, and blind to label case, trailing zero parts and build metadata", () => {
    fc.assert(
      fc.property(version, fc.stringMatching(/^[0-9A-Za-z]{1,6}$/), (v, meta) => {
        expect(compareVersions(v, v)).toBe(0);
        expect(compareVersions(v, swapCase(v))).toBe(0);
        expect(compareVersions(v, `${v}+${meta}`)).toBe(0);
        const [core = "", ...pre] = v.split("-");
        const padded = [...core.split("."), "0", "0", "0"].slice(0, 4).join(".");
        expect(compareVersions(v, [padded, ...pre].join("-"))).toBe(0);
      }),
      { numRuns },
    );
  });

  it("puts a release after every prerelease of the same numbers, and a higher number after anything lower", () => {
    fc.assert(
      fc.property(parts, label, label, fc.nat({ max: 3 }), (nums, a, b, at) => {
        const core = nums.join(".");
        expect(compareVersions(`${core}-${a.join(".")}`, core)).toBe(-1);
        const bumped = [...nums, 0, 0, 0].slice(0, 4);
        bumped[at] = (bumped[at] ?? 0) + 1;
        expect(compareVersions(`${core}-${a.join(".")}`, `${bumped.join(".")}-${b.join(".")}`)).toBe(-1);
        expect(compareVersions(core, bumped.join("."))).toBe(-1);
      }),
      { numRuns },
    );
  });

  it("orders a prerelease label by its identifiers: numbers below words, shorter prefix first", () => {
    fc.assert(
      fc.property(label, identifier, (pre, extra) => {
        expect(compareVersions(`1.0.0-${pre.join(".")}`, `1.0.0-${[...pre, extra].join(".")}`)).toBe(-1);
        expect(compareVersions(`1.0.0-${[...pre, "7"].join(".")}`, `1.0.0-${[...pre, "a"].join(".")}`)).toBe(-1);
      }),
      { numRuns },
    );
  });

  it("sorts consistently: every earlier element of a sorted list is no newer than every later one", () => {
    fc.assert(
      fc.property(fc.array(version, { maxLength: 12 }), (list) => {
        const sorted = [...list].sort(compareVersions);
        for (let i = 0; i < sorted.length; i++)
          for (let j = i + 1; j < sorted.length; j++)
            expect(compareVersions(sorted[i]!, sorted[j]!)).toBeLessThanOrEqual(0);
        const key = (v: string) => {
          const n = normalizeVersion(v);
          return n.ok ? n.version.toLowerCase() : v;
        };
        expect([...list].reverse().sort(compareVersions).map(key)).toEqual(sorted.map(key));
      }),
      { numRuns: Math.ceil(numRuns / 4) },
    );
  });
});

describe("isSemVer2 and isPrerelease", () => {
  it.each([
    ["1.0.0", false, false],
    ["1.0.0-beta", false, true],
    ["1.0.0-rc-1", false, true],
    ["1.0.0-beta.1", true, true],
    ["1.0.0+build.5", true, false],
    ["1.0.0-beta+sha", true, true],
    ["1.0.0.1", false, false],
    ["not a version", false, false],
  ])("%s: SemVer 2 %s, prerelease %s", (version, semVer2, prerelease) => {
    expect(isSemVer2(version)).toBe(semVer2);
    if (version !== "not a version") expect(isPrerelease(version)).toBe(prerelease);
  });
});
