// Generators of the API key forms (create and edit) as a browser could post them, given one database's fixtures.
import fc from "fast-check";
import { EXPIRY_DAYS } from "@/lib/keys/expiry";
import { SCOPE_IDS } from "@/lib/keys/scopes";
import { anyString, mixedString, validIdText, whitespace } from "./string-arbitraries";

/** The accounts and packages a form may name: ids of one database, or made up where none is needed. */
export type FormFixtures = {
  user: string;
  org: string;
  foreignOrg: string;
  stranger: string;
  owned: string[];
  theirs: string;
};

/** Create-form input: mostly acceptable values with a few wild fields, a wild form, or anything at all. */
export function createForm(f: FormFixtures): fc.Arbitrary<unknown> {
  const packageId = fc.oneof(
    { arbitrary: fc.constantFrom(...f.owned, f.theirs), weight: 4 },
    { arbitrary: fc.constantFrom(...f.owned).map((p) => p.toUpperCase()), weight: 2 },
    { arbitrary: fc.constantFrom(...f.owned).map((p) => p.toLowerCase()), weight: 2 },
    { arbitrary: validIdText, weight: 1 },
    { arbitrary: anyString(120), weight: 1 },
  );
  const packages = fc.oneof(
    { arbitrary: fc.array(packageId, { maxLength: 8 }), weight: 8 },
    {
      arbitrary: fc
        .constantFrom(999, 1000, 1001)
        .map((n) => Array.from({ length: n }, (_, i) => (i % 2 ? f.owned[0]! : f.owned[0]!.toUpperCase()))),
      weight: 1,
    },
    { arbitrary: fc.anything(), weight: 1 },
  );
  const glob = fc.oneof(
    {
      arbitrary: fc.constantFrom("", "*", "Fz.*", "*.*", "**", " Fz.* ", "\tFz.*\n", "a".repeat(100), "a".repeat(101)),
      weight: 3,
    },
    { arbitrary: mixedString(120), weight: 5 },
    { arbitrary: anyString(60), weight: 1 },
    { arbitrary: fc.anything(), weight: 1 },
  );
  const name = fc.oneof(
    { arbitrary: anyString(400), weight: 4 },
    { arbitrary: whitespace, weight: 1 },
    { arbitrary: fc.integer({ min: 250, max: 260 }).map((n) => "n".repeat(n)), weight: 1 },
    { arbitrary: fc.anything(), weight: 1 },
  );
  const expiresInDays = fc.oneof(
    {
      arbitrary: fc.constantFrom<unknown>(
        ...EXPIRY_DAYS,
        ...EXPIRY_DAYS.map(String),
        " 90 ",
        "0x5A",
        "1e2",
        "365.0",
        "",
        "abc",
        null,
        undefined,
        true,
        [90],
        NaN,
        Infinity,
        -1,
        0,
        91,
        1.5,
        -0,
        365.0000001,
      ),
      weight: 4,
    },
    { arbitrary: fc.double(), weight: 1 },
    { arbitrary: fc.integer(), weight: 1 },
    { arbitrary: anyString(12), weight: 1 },
  );
  const scopes = fc.oneof(
    { arbitrary: fc.subarray([...SCOPE_IDS]), weight: 4 },
    {
      arbitrary: fc.array(
        fc.oneof(fc.constantFrom<unknown>(...SCOPE_IDS, "PACKAGE:PUSH", "package:*", "", null), anyString(20)),
        { maxLength: 5 },
      ),
      weight: 2,
    },
    { arbitrary: fc.anything(), weight: 1 },
  );
  const ownerId = fc.oneof(
    {
      arbitrary: fc.constantFrom<unknown>(f.user, f.org, f.foreignOrg, f.stranger, f.user.toUpperCase(), ` ${f.user}`),
      weight: 4,
    },
    { arbitrary: fc.constantFrom<unknown>("", "x".repeat(64), "x".repeat(65), null, 42), weight: 1 },
    { arbitrary: anyString(70), weight: 2 },
  );
  const wild = { name, expiresInDays, ownerId, scopes, packages, glob };

  // Acceptable values of each field, so that many cases reach the database.
  const good = {
    name: fc.oneof(
      anyString(256).filter((n) => n.trim().length > 0),
      fc
        .tuple(
          whitespace,
          fc.string({ minLength: 1, maxLength: 30 }).filter((n) => n.trim().length > 0),
          whitespace,
        )
        .map((p) => p.join("")),
    ),
    expiresInDays: fc.constantFrom<unknown>(...EXPIRY_DAYS, ...EXPIRY_DAYS.map(String)),
    ownerId: fc.constantFrom<unknown>(f.user, f.user, f.org),
    scopes: fc.constantFrom<unknown>(
      ["package:push"],
      ["package:pushversion"],
      ["package:unlist"],
      ["package:push", "package:unlist"],
      ["package:unlist", "package:pushversion"],
    ),
    packages: fc.array(
      fc.constantFrom(...f.owned, ...f.owned.map((p) => p.toUpperCase()), ...f.owned.map((p) => p.toLowerCase())),
      { maxLength: 5 },
    ),
    glob: fc.oneof(
      fc.constantFrom("", "", "*", "Fz.*", " *.* "),
      fc.string({ unit: fc.constantFrom(..."aZ09._-*"), maxLength: 100 }),
    ),
  };
  const fieldNames = Object.keys(good) as (keyof typeof good)[];
  // A good form with up to two fields swapped for wild values, a fully wild form, or anything at all.
  const mostlyGood = fc
    .tuple(fc.record(good), fc.record(wild), fc.subarray(fieldNames, { maxLength: 2 }))
    .map(([g, w, swap]) => ({ ...g, ...Object.fromEntries(swap.map((k) => [k, w[k]])) }));
  return fc.oneof(
    { arbitrary: mostlyGood, weight: 10 },
    { arbitrary: fc.record(wild, { requiredKeys: [] }), weight: 3 },
    { arbitrary: fc.anything(), weight: 1 },
  );
}

/** Edit-form input for the given keys, packages of the editor (`mine`) and of someone else (`theirs`). */
export function editForm(keyIds: string[], mine: string[], theirs: string): fc.Arbitrary<unknown> {
  const keyId = fc.oneof(
    { arbitrary: fc.constantFrom<unknown>(keyIds[0]!, keyIds[0]!, ...keyIds), weight: 6 },
    {
      arbitrary: fc.constantFrom<unknown>("", keyIds[0]!.toUpperCase(), ` ${keyIds[0]}`, "x".repeat(65), null),
      weight: 1,
    },
    { arbitrary: anyString(70), weight: 2 },
  );
  const packageId = fc.oneof(
    { arbitrary: fc.constantFrom(...mine, theirs), weight: 4 },
    { arbitrary: fc.constantFrom(...mine).map((p) => p.toUpperCase()), weight: 2 },
    { arbitrary: validIdText, weight: 1 },
    { arbitrary: anyString(110), weight: 1 },
  );
  return fc.oneof(
    {
      arbitrary: fc.record({
        keyId,
        packages: fc.oneof(
          {
            arbitrary: fc.array(fc.constantFrom(...mine, ...mine.map((p) => p.toLowerCase())), { maxLength: 4 }),
            weight: 6,
          },
          { arbitrary: fc.array(packageId, { maxLength: 6 }), weight: 4 },
          { arbitrary: fc.anything(), weight: 1 },
        ),
        glob: fc.oneof(
          { arbitrary: fc.constantFrom("", "", "*", "Fz.Edit.*", " * "), weight: 4 },
          { arbitrary: fc.string({ unit: fc.constantFrom(..."aZ09._-*"), maxLength: 110 }), weight: 2 },
          { arbitrary: mixedString(110), weight: 2 },
          { arbitrary: anyString(40), weight: 1 },
        ),
      }),
      weight: 12,
    },
    { arbitrary: fc.anything(), weight: 1 },
  );
}
