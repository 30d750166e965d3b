/**
 * Property-based fuzzing of the key forms (schema + data layer) and of the push API service.
 *
 * Case counts: FC_NUM_RUNS (default 1000) for the properties without a database (the schemas, and
 * readNupkg on every upload recipe); FC_NUM_RUNS / DB_DIVISOR (10) for each property that goes
 * through the database (create, edit, push, unlist/relist), on every database of TEST_DATABASES:
 * each such case costs several queries and transactions, which take 5-25 ms apiece on a 2-core box.
 * Reproduce a failure with FC_SEED=<seed> FC_PATH=<path> from the fast-check report.
 */
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { editApiKey } from "@/lib/api-keys/edit-api-key";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

import { buildNupkg, NUSPEC_NAMESPACE, nuspecXml } from "@/tests/support/build-nupkg";
import { DEFAULT_NUPKG_LIMITS, NupkgError, readNupkg } from "@/lib/nuget/nupkg";
import { pushPackage, setPackageListed, type ServiceDeps } from "@/lib/nuget/service";
import { UsageRecorder } from "@/lib/nuget/usage";
import { normalizeVersion } from "@/lib/nuget/version";
import { EXPIRY_DAYS } from "@/lib/keys/expiry";
import { createKeySchema, editKeySchema, PACKAGE_ID_RE } from "@/lib/keys/schemas";
import { SCOPE_IDS } from "@/lib/keys/scopes";
import { makeKey, makeOrganization, makePackage, makeUser } from "./factories";
import { createTestDb, DATABASES, type TestDb } from "./test-db";

const RUNS = Math.max(1, Number(process.env.FC_NUM_RUNS ?? 1000));
/** Cases through the database are slow (several queries and a transaction or two each). */
const DB_DIVISOR = 10;
const DB_RUNS = Math.max(1, Math.ceil(RUNS / DB_DIVISOR));
const SEED = process.env.FC_SEED ? Number(process.env.FC_SEED) : undefined;
const PATH = process.env.FC_PATH || undefined;
/** `examples` are inputs that once failed: they run on every run, before the random cases. */
const params = <T>(numRuns: number, examples: T[] = []): fc.Parameters<T> => ({
  numRuns,
  seed: SEED,
  path: PATH,
  endOnFailure: false,
  examples: PATH ? [] : examples,
});
/** A timeout that grows with the number of runs: generous per case, as PostgreSQL on 2 cores is slow. */
const timeout = (runs: number, msPerRun: number) => 60_000 + runs * msPerRun;

// ---------------------------------------------------------------------------------------------
// Shared generators

/** Strings over every unit fast-check has, plus hand-picked nasties (NUL, lone surrogates, BOM, RTL). */
const anyString = (maxLength: number) =>
  fc.oneof(
    fc.string({ unit: "binary", maxLength }),
    fc.string({ unit: "grapheme", maxLength }),
    fc.string({ unit: "binary-ascii", maxLength }),
    fc.string({ maxLength }),
    fc.constantFrom(
      "",
      " ",
      "\t\n ",
      "\u0000",
      "a\u0000b",
      "\ud800",
      "x\udc00y",
      "\ufeff",
      "\u200b",
      "\u202e",
      "\u00a0",
    ),
  );

const whitespace = fc.string({
  unit: fc.constantFrom(" ", "\t", "\n", "\r", "\u00a0", "\u2003", "\u3000", "\ufeff"),
  maxLength: 10,
});

const validIdText = fc.stringMatching(/^\w{1,12}(?:[.-]\w{1,12}){0,4}$/);

/** A mixed alphabet: the glob's own characters, path and space characters, unicode and controls. */
const mixedUnit = fc.oneof(
  { arbitrary: fc.constantFrom(..."abcXYZ019._-*"), weight: 8 },
  {
    arbitrary: fc.constantFrom("/", "\\", " ", "?", "[", "]", "{", "}", "!", "(", ")", "+", "@", "|", ",", "$", "^"),
    weight: 2,
  },
  { arbitrary: fc.constantFrom("é", "ß", "İ", "ı", "K", "\u0000", "\n", "\u200b", "😀", "Ａ", "٣"), weight: 1 },
);
const mixedString = (maxLength: number) => fc.string({ unit: mixedUnit, maxLength });

// ---------------------------------------------------------------------------------------------
// Upload recipes: plain data, so fast-check prints and shrinks them; the zip is built in the property.

type Encoding = "utf8" | "utf8bom" | "utf16le" | "utf16be" | "latin1" | "bom-mismatch";
type ZipField = "csize" | "usize" | "crc" | "method";
type Recipe =
  | { kind: "bytes"; bytes: Uint8Array }
  | { kind: "truncate"; id: string; version: string; at: number }
  | { kind: "mutate"; id: string; version: string; flips: { at: number; byte: number }[] }
  | { kind: "meta"; id: string; version: string; escape: boolean }
  | { kind: "nuspec"; text: string; encoding: Encoding; invalidBytes: boolean }
  | { kind: "header"; id: string; entry: number; field: ZipField; value: number; local: boolean; central: boolean }
  | { kind: "bomb"; size: number; files: number }
  | { kind: "layout"; paths: string[]; nuspecPath: string | null };

const idPool = fc.oneof(
  {
    arbitrary: fc.constantFrom("Fz.Pkg", "fz.pkg", "FZ.PKG", "Fz.Other", "Fz.Pkg.Two", "__proto__", "constructor"),
    weight: 3,
  },
  { arbitrary: validIdText, weight: 3 },
  { arbitrary: anyString(120), weight: 2 },
  { arbitrary: fc.tuple(whitespace, validIdText, whitespace).map(([a, b, c]) => a + b + c), weight: 1 },
  { arbitrary: fc.integer({ min: 95, max: 105 }).map((n) => "a".repeat(n)), weight: 1 },
  // Over-long ids whose 100th and 101st UTF-16 units are one emoji: cutting at 100 splits the pair.
  {
    arbitrary: fc.constantFrom(
      "a".repeat(99) + "\u{1F600}b",
      "A.".repeat(49) + "a\u{1F4E6}",
      "a".repeat(99) + "\u{1F600}",
    ),
    weight: 1,
  },
);
const versionPool = fc.oneof(
  {
    arbitrary: fc.constantFrom(
      "1.0.0",
      "1.0",
      "1.0.0.0",
      "01.0.0",
      "1.0.0-beta",
      "1.0.0-Beta",
      "1.0.0+meta",
      "1.0.0-beta.01",
      "2147483647.0.0",
      "2147483648.0.0",
      "1.2.3.4.5",
      "1..0",
      "",
      " 1.0.0 ",
      "1.0.0-",
      "v1.0",
      "1.0.0-b\u00e9ta",
    ),
    weight: 3,
  },
  {
    arbitrary: fc.stringMatching(
      /^\d{1,4}(?:\.\d{1,4}){0,3}(?:-[0-9A-Za-z-]{1,6}(?:\.[0-9A-Za-z-]{1,6}){0,2})?(?:\+[0-9A-Za-z-]{1,6})?$/,
    ),
    weight: 3,
  },
  { arbitrary: anyString(80), weight: 2 },
);

const DEEP = (tag: string, depth: number, inner: string) =>
  `<${tag}>`.repeat(depth) + inner + `</${tag}>`.repeat(depth);
const wrap = (metadata: string, before = "", after = "") =>
  `${before}<?xml version="1.0" encoding="utf-8"?>\n<package xmlns="${NUSPEC_NAMESPACE}">${metadata}</package>${after}`;
const meta = (id: string, version: string, extra = "") =>
  `<metadata><id>${id}</id><version>${version}</version><authors>Fuzz</authors><description>d</description>${extra}</metadata>`;

const LAUGHS = [
  '<?xml version="1.0"?>',
  "<!DOCTYPE lolz [",
  ' <!ENTITY lol "lol">',
  ...Array.from({ length: 9 }, (_, i) => ` <!ENTITY lol${i + 1} "${`&lol${i === 0 ? "" : i};`.repeat(10)}">`),
  "]>",
  `<package><metadata><id>&lol9;</id><version>1.0.0</version></metadata></package>`,
].join("\n");

/** Hostile and malformed nuspec texts; `n` sizes the nesting or the text, `s` is a random string. */
const hostileNuspec = fc
  .tuple(
    fc.integer({ min: 0, max: 22 }),
    fc.oneof(fc.integer({ min: 1, max: 200 }), fc.integer({ min: 1, max: 60_000 })),
    validIdText,
    anyString(40),
  )
  .map(([which, n, id, s]) => {
    switch (which) {
      case 0:
        return LAUGHS;
      case 1:
        return `<?xml version="1.0"?><!DOCTYPE p [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${wrap(meta("&xxe;", "1.0.0"))}`;
      case 2:
        return wrap(meta(id, "1.0.0")).replace(
          "<package",
          '<!doctype package SYSTEM "http://127.0.0.1:1/x.dtd"><package',
        );
      case 3:
        return wrap(DEEP("a", n, meta(id, "1.0.0")));
      case 4:
        return wrap(meta(id, "1.0.0", DEEP("x", n, "deep")));
      case 5:
        return wrap(meta(DEEP("b", Math.min(n, 5000), id), "1.0.0"));
      case 6:
        return wrap(meta(id, "1.0.0", `<summary>${"A".repeat(n * 20)}</summary>`));
      case 7:
        return wrap(meta(`<![CDATA[${id}]]>`, "<![CDATA[1.0.0]]>"));
      case 8:
        return wrap(meta(`<![CDATA[${s}]]>`, "1.0.0"));
      case 9:
        return wrap("");
      case 10:
        return `<package><id>${id}</id><version>1.0.0</version></package>`;
      case 11:
        return wrap(meta(id, "1.0.0") + meta(id, "2.0.0"));
      case 12:
        return wrap(`<metadata><id>${id}</id><id>${id}</id><version>1.0.0</version></metadata>`);
      case 13:
        return wrap(`<metadata><id>${id}</id></metadata>`);
      case 14:
        return wrap(
          `<metadata><__proto__><id>${id}</id></__proto__><constructor>x</constructor><id>${id}</id><version>1.0.0</version></metadata>`,
        );
      case 15:
        return wrap(meta(`${id}<!-- ${s.replace(/--/g, "")} -->`, "1.0.0<?pi x?>"));
      case 16:
        return wrap(meta(`&lt;${id}&gt;`, "1.0.0&#x2e;1"));
      case 17:
        return wrap(meta(id, "1.0.0")).slice(0, Math.max(0, wrap(meta(id, "1.0.0")).length - n));
      case 18:
        return `<ns:package xmlns:ns="${NUSPEC_NAMESPACE}"><ns:metadata><ns:id attr="1">${id}</ns:id><ns:version>1.0.0</ns:version></ns:metadata></ns:package>`;
      case 19:
        return s;
      case 20:
        return wrap(meta(id, "1.0.0"), "", `<trailing>${s}</trailing>`);
      case 21:
        return wrap(meta(id, "1.0.0")).replace('encoding="utf-8"', 'encoding="utf-16"');
      default:
        return wrap(meta(id, s));
    }
  });

const recipe: fc.Arbitrary<Recipe> = fc.oneof(
  {
    arbitrary: fc.record({ kind: fc.constant("bytes" as const), bytes: fc.uint8Array({ maxLength: 2048 }) }),
    weight: 2,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant("bytes" as const),
      bytes: fc.uint8Array({ maxLength: 512 }).map((b) => Uint8Array.from([0x50, 0x4b, 0x03, 0x04, ...b])),
    }),
    weight: 1,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant("truncate" as const),
      id: validIdText,
      version: versionPool,
      at: fc.double({ min: 0, max: 1, noNaN: true }),
    }),
    weight: 2,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant("mutate" as const),
      id: validIdText,
      version: fc.constant("1.0.0"),
      flips: fc.array(
        fc.record({
          at: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
          byte: fc.integer({ min: 0, max: 255 }),
        }),
        { minLength: 1, maxLength: 8 },
      ),
    }),
    weight: 2,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant("meta" as const),
      id: idPool,
      version: versionPool,
      escape: fc.boolean(),
    }),
    weight: 5,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant("nuspec" as const),
      text: hostileNuspec,
      encoding: fc.constantFrom<Encoding>("utf8", "utf8", "utf8bom", "utf16le", "utf16be", "latin1", "bom-mismatch"),
      invalidBytes: fc.boolean(),
    }),
    weight: 5,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant("header" as const),
      id: validIdText,
      entry: fc.nat({ max: 5 }),
      field: fc.constantFrom<ZipField>("csize", "usize", "crc", "method"),
      value: fc.oneof(
        fc.constantFrom(0, 1, 0xffff, 0x7fffffff, 0xfffffffe, 0xffffffff, 1_048_577, 1_073_741_825),
        fc.nat(),
      ),
      local: fc.boolean(),
      central: fc.boolean(),
    }),
    weight: 3,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant("bomb" as const),
      size: fc.constantFrom(10_000, 200_000, 2_000_000),
      files: fc.integer({ min: 1, max: 3 }),
    }),
    weight: 1,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant("layout" as const),
      paths: fc.array(
        fc.oneof(
          fc.constantFrom(
            "../evil.txt",
            "/abs.txt",
            "C:/win.txt",
            "a/../../b",
            "a\u0000b",
            "second.nuspec",
            "Sub/inner.nuspec",
            "UPPER.NUSPEC",
            "a\\..\\b",
            "./x",
          ),
          mixedString(30).filter((p) => p.length > 0),
        ),
        { maxLength: 3 },
      ),
      nuspecPath: fc.constantFrom<string | null>(
        null,
        "x.nuspec",
        "lib/x.nuspec",
        "X.NuSpec",
        ".nuspec",
        "../x.nuspec",
      ),
    }),
    weight: 2,
  },
);

function encode(text: string, encoding: Encoding, invalidBytes: boolean): Buffer {
  let bytes: Buffer;
  switch (encoding) {
    case "utf8":
      bytes = Buffer.from(text, "utf8");
      break;
    case "utf8bom":
      bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, "utf8")]);
      break;
    case "utf16le":
      bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
      break;
    case "utf16be":
      bytes = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, "utf16le").swap16()]);
      break;
    case "latin1":
      bytes = Buffer.from(text, "latin1");
      break;
    case "bom-mismatch":
      bytes = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, "utf8")]);
      break;
  }
  if (!invalidBytes) return bytes;
  // Invalid UTF-8 sequences in the middle: a lone continuation byte, an overlong NUL, a truncated 4-byte lead.
  const mid = Math.floor(bytes.length / 2);
  return Buffer.concat([
    bytes.subarray(0, mid),
    Buffer.from([0x80, 0xc0, 0x80, 0xf0, 0x9f, 0xff]),
    bytes.subarray(mid),
  ]);
}

const escapeXml = (text: string) => text.replace(/[&<>]/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** Offsets of zip headers with the given 4-byte signature (our entries hold text, so no false hits). */
function signatures(data: Buffer, sig: number): number[] {
  const found: number[] = [];
  for (let i = 0; i + 4 <= data.length; i++) if (data.readUInt32LE(i) === sig) found.push(i);
  return found;
}

async function buildUpload(r: Recipe): Promise<Buffer> {
  switch (r.kind) {
    case "bytes":
      return Buffer.from(r.bytes);
    case "truncate": {
      const full = await buildNupkg({ id: r.id, version: r.version });
      return full.subarray(0, Math.floor(full.length * r.at));
    }
    case "mutate": {
      const data = Buffer.from(await buildNupkg({ id: r.id, version: r.version }));
      for (const flip of r.flips) data[Math.floor(flip.at * data.length)] = flip.byte;
      return data;
    }
    case "meta": {
      const e = r.escape ? escapeXml : (s: string) => s;
      const nuspec = wrap(meta(e(r.id), e(r.version)));
      return buildNupkg({ id: "fuzz", version: "1.0.0", nuspec, nuspecPath: "fuzz.nuspec" });
    }
    case "nuspec":
      return buildNupkg({
        id: "fuzz",
        version: "1.0.0",
        nuspecPath: "fuzz.nuspec",
        files: { "fuzz.nuspec": encode(r.text, r.encoding, r.invalidBytes) },
      });
    case "header": {
      const data = Buffer.from(await buildNupkg({ id: r.id, version: "1.0.0" }));
      const central = signatures(data, 0x02014b50);
      const local = signatures(data, 0x04034b50);
      const i = r.entry % central.length;
      const offsets = { csize: [20, 18], usize: [24, 22], crc: [16, 14], method: [10, 8] } as const;
      const [c, l] = offsets[r.field];
      const write = (at: number) =>
        r.field === "method" ? data.writeUInt16LE(r.value & 0xffff, at) : data.writeUInt32LE(r.value >>> 0, at);
      if (r.central || !r.local) write(central[i]! + c);
      if (r.local && local[i] !== undefined) write(local[i]! + l);
      return data;
    }
    case "bomb": {
      const files: Record<string, Buffer> = {};
      for (let i = 0; i < r.files; i++) files[`lib/net8.0/zero${i}.bin`] = Buffer.alloc(r.size);
      return buildNupkg({ id: "Fz.Bomb", version: "1.0.0", files });
    }
    case "layout": {
      // yazl refuses unsafe names, so entries get same-length placeholder names that are patched afterwards.
      const names = [...r.paths, ...(r.nuspecPath === null ? [] : [r.nuspecPath])].filter((n) => n.length > 0);
      const files: Record<string, string> = {};
      const renames = new Map<string, Buffer>();
      names.forEach((name, i) => {
        const real = Buffer.from(name, "utf8");
        const placeholder = String.fromCharCode(65 + i).repeat(real.length);
        const isNuspec = i === r.paths.length || name.toLowerCase().endsWith(".nuspec");
        files[placeholder] = isNuspec ? nuspecXml({ id: "Fz.Layout", version: "1.0.0" }) : "x";
        renames.set(placeholder, real);
      });
      const data = Buffer.from(await buildNupkg({ id: "Fz.Layout", version: "1.0.0", nuspecPath: null, files }));
      for (const [sig, lengthAt, nameAt] of [
        [0x04034b50, 26, 30],
        [0x02014b50, 28, 46],
      ] as const) {
        for (const at of signatures(data, sig)) {
          const length = data.readUInt16LE(at + lengthAt);
          renames.get(data.subarray(at + nameAt, at + nameAt + length).toString("latin1"))?.copy(data, at + nameAt);
        }
      }
      return data;
    }
  }
}

/** For recipes whose metadata we control exactly: whether the id and version are valid. */
function validMetadata(r: Recipe): boolean | undefined {
  if (r.kind !== "meta") return undefined;
  const id = r.id.trim();
  const version = r.version.trim();
  if (!r.escape && /[<>&]/.test(r.id + r.version)) return undefined;
  return PACKAGE_ID_RE.test(id) && id.length <= 100 && normalizeVersion(version).ok;
}

function isSentence(message: unknown): boolean {
  return (
    typeof message === "string" &&
    message.length > 0 &&
    message.trim() === message &&
    /[.!?]$/.test(message) &&
    /[A-Za-z]{2}/.test(message)
  );
}

/** The few shortest failing inputs, for a readable report. */
function smallest(inputs: string[], n = 6): string[] {
  return [...new Set(inputs)].sort((a, b) => a.length - b.length).slice(0, n);
}

/** The input and the last line of the error (Prisma puts the database's reason there). */
function failure(input: unknown, error: unknown): string {
  const lines = String(error instanceof Error ? error.message : error)
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
  return `${JSON.stringify(input)} -> ${(error as Error)?.constructor?.name ?? "error"}: ${(lines.at(-1) ?? "").slice(0, 200)}`;
}

function describeRecipe(r: Recipe, message: string): string {
  const shown =
    r.kind === "bytes"
      ? { ...r, bytes: `<${r.bytes.length} bytes>` }
      : r.kind === "nuspec"
        ? { ...r, text: r.text.length > 300 ? `${r.text.slice(0, 300)}…(${r.text.length} chars)` : r.text }
        : r;
  return JSON.stringify({ recipe: shown, message: message.length > 300 ? `${message.slice(0, 300)}…` : message });
}

/** A batch that failed is retried twice more, then dropped: run those retries now. */
async function drain(usage: UsageRecorder) {
  for (let i = 0; i < 3; i++) await usage.flush();
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true }).map(String);
}

// ---------------------------------------------------------------------------------------------
// Generators of the key forms, given the fixtures of one database.

type FormFixtures = {
  user: string;
  org: string;
  foreignOrg: string;
  stranger: string;
  owned: string[];
  theirs: string;
};

function createForm(f: FormFixtures): fc.Arbitrary<unknown> {
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

function editForm(keyIds: string[], mine: string[], theirs: string): fc.Arbitrary<unknown> {
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

// ---------------------------------------------------------------------------------------------
// Pure properties: no database, so they run FC_NUM_RUNS cases each.

describe("fuzzing without a database", () => {
  const fixtures: FormFixtures = {
    user: "cmuser00000000000000000001",
    org: "cmorg000000000000000000001",
    foreignOrg: "cmorg000000000000000000002",
    stranger: "cmuser00000000000000000002",
    owned: ["Fz.Alpha", "Fz.Beta", "Fz.Gamma-1"],
    theirs: "Fz.Theirs",
  };

  it(
    `createKeySchema and editKeySchema never throw, and a success is within the rules (${RUNS} runs each)`,
    () => {
      fc.assert(
        fc.property(createForm(fixtures), (input) => {
          const parsed = createKeySchema.safeParse(input);
          if (!parsed.success) {
            expect(parsed.error.issues.length).toBeGreaterThan(0);
            for (const issue of parsed.error.issues) expect(issue.message).toMatch(/\S/);
            return;
          }
          const v = parsed.data;
          expect(v.name).toBe(v.name.trim());
          expect(v.name.length).toBeGreaterThanOrEqual(1);
          expect(v.name.length).toBeLessThanOrEqual(256);
          expect(EXPIRY_DAYS).toContain(v.expiresInDays);
          expect(v.scopes.length).toBeGreaterThanOrEqual(1);
          expect(v.glob === "" || (/^[A-Za-z0-9._*-]{1,100}$/.test(v.glob) && v.glob === v.glob.trim())).toBe(true);
          expect(v.glob !== "" || v.packages.length > 0).toBe(true);
          for (const p of v.packages) expect(PACKAGE_ID_RE.test(p) && p.length <= 100).toBe(true);
        }),
        params(RUNS),
      );
      fc.assert(
        fc.property(editForm(["cmkey000000000000000000001"], fixtures.owned, fixtures.theirs), (input) => {
          const parsed = editKeySchema.safeParse(input);
          if (parsed.success) expect(parsed.data.glob !== "" || parsed.data.packages.length > 0).toBe(true);
        }),
        params(RUNS),
      );
    },
    timeout(RUNS, 5),
  );

  it(
    `readNupkg answers any upload recipe with its info or a NupkgError of 400/413 and a sentence (${RUNS} runs)`,
    async () => {
      const statuses = new Map<string, number>();
      await fc.assert(
        fc.asyncProperty(recipe, async (r) => {
          const data = await buildUpload(r);
          let info: Awaited<ReturnType<typeof readNupkg>>;
          try {
            info = await readNupkg(data, DEFAULT_NUPKG_LIMITS);
          } catch (error) {
            if (!(error instanceof NupkgError))
              throw new Error(`readNupkg threw a ${String(error)} on ${describeRecipe(r, "")}`);
            statuses.set(String(error.status), (statuses.get(String(error.status)) ?? 0) + 1);
            expect([400, 413]).toContain(error.status);
            expect(isSentence(error.message), `not a sentence: ${JSON.stringify(error.message)}`).toBe(true);
            expect(validMetadata(r)).not.toBe(true);
            return;
          }
          statuses.set("ok", (statuses.get("ok") ?? 0) + 1);
          expect(PACKAGE_ID_RE.test(info.id) && info.id.length <= 100).toBe(true);
          expect(normalizeVersion(info.version)).toEqual({ ok: true, version: info.version });
          expect(normalizeVersion(info.originalVersion)).toEqual({ ok: true, version: info.version });
          expect(validMetadata(r)).not.toBe(false);
        }),
        params(RUNS),
      );
      console.info(`[fuzz] readNupkg: ${RUNS} cases, outcomes ${JSON.stringify(Object.fromEntries(statuses))}`);
    },
    timeout(RUNS, 30),
  );
});

// ---------------------------------------------------------------------------------------------
// Properties through the database: FC_NUM_RUNS / DB_DIVISOR cases each, on every database of the run.

describe.each(DATABASES)("fuzzing on %s", (kind) => {
  let t: TestDb;
  let deps: ServiceDeps;
  let dir: string;
  /** The usage recorder logs each batch it cannot store; those logs are counted here, not printed. */
  let usageLogs = 0;
  beforeAll(async () => {
    t = await createTestDb(kind);
    dir = mkdtempSync(join(tmpdir(), "gallery-fuzz-"));
    deps = {
      db: t.db,
      usage: new UsageRecorder(t.db),
      packagesDir: dir,
      limits: DEFAULT_NUPKG_LIMITS,
      galleryUrl: "http://gallery.test",
    };
    const original = console.error.bind(console);
    vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
      if (typeof args[0] === "string" && args[0].startsWith("[usage]")) usageLogs++;
      else original(...args);
    });
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    if (usageLogs > 0)
      console.info(`[fuzz ${kind}] the usage recorder reported ${usageLogs} batches it could not store`);
    await deps?.usage.flush();
    await t?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it(
    `createKeySchema + createApiKey: never throw, and write exactly one well-formed key or nothing (${DB_RUNS} runs)`,
    async () => {
      const user = await makeUser(t.db);
      const stranger = await makeUser(t.db);
      const org = await makeOrganization(t.db, [[user, "collaborator"]]);
      const foreignOrg = await makeOrganization(t.db, [[stranger, "admin"]]);
      for (const id of ["Fz.Alpha", "Fz.Beta", "Fz.Gamma-1"]) await makePackage(t.db, user, `${id}.${user}`);
      await makePackage(t.db, org, `Fz.Org.${org}`);
      await makePackage(t.db, stranger, `Fz.Theirs.${stranger}`);
      const owned = [`Fz.Alpha.${user}`, `Fz.Beta.${user}`, `Fz.Gamma-1.${user}`, `Fz.Org.${org}`];
      const form = createForm({ user, org, foreignOrg, stranger, owned, theirs: `Fz.Theirs.${stranger}` });

      let reached = 0;
      let created = 0;
      const threw: string[] = [];
      await fc.assert(
        fc.asyncProperty(form, async (input) => {
          const parsed = createKeySchema.safeParse(input);
          if (!parsed.success) return;
          reached++;
          const values = parsed.data;
          const before = await t.db.apiKey.count();
          let result: Awaited<ReturnType<typeof createApiKey>>;
          try {
            result = await createApiKey(t.db, user, values);
          } catch (error) {
            threw.push(failure(values, error));
            // Even then nothing may be half-written.
            expect(await t.db.apiKey.count()).toBe(before);
            return;
          }
          if (!result.ok) {
            expect(result.error).toMatch(/\S/);
            for (const field of Object.keys(result.fieldErrors ?? {})) expect(["ownerId", "packages"]).toContain(field);
            expect(await t.db.apiKey.count()).toBe(before);
            return;
          }
          created++;
          expect(await t.db.apiKey.count()).toBe(before + 1);
          const stored = await t.db.apiKey.findUniqueOrThrow({
            where: { id: result.data.key.id },
            include: { scopes: true, subjects: true },
          });
          expect(stored.scopes.map((s) => s.scope).sort()).toEqual([...new Set(values.scopes)].sort());
          expect(stored.scopes.length).toBeGreaterThanOrEqual(1);
          expect(Boolean(stored.glob) || stored.subjects.length > 0).toBe(true);
          expect(stored.name).toBe(values.name);
          expect(new Set(stored.subjects.map((s) => s.idKey))).toEqual(
            new Set(values.packages.map((p) => p.toLowerCase())),
          );
          expect([user, org]).toContain(stored.ownerId);
        }),
        params<[unknown]>(DB_RUNS, [
          // Names the schema accepts but the database cannot store (NUL: PostgreSQL; lone surrogate: both).
          [
            {
              name: "CI\u0000key",
              expiresInDays: 90,
              ownerId: user,
              scopes: ["package:push"],
              packages: [],
              glob: "*",
            },
          ],
          [{ name: "CI \ud800", expiresInDays: 90, ownerId: user, scopes: ["package:push"], packages: [], glob: "*" }],
          [{ name: "CI", expiresInDays: 90, ownerId: "\ud800", scopes: ["package:push"], packages: [], glob: "*" }],
        ]),
      );
      // Nothing anywhere is a key without a scope or without a subject.
      const all = await t.db.apiKey.findMany({ include: { _count: { select: { scopes: true, subjects: true } } } });
      expect(all.filter((k) => k._count.scopes === 0 || (!k.glob && k._count.subjects === 0))).toEqual([]);
      console.info(
        `[fuzz ${kind}] create: ${DB_RUNS} cases, ${reached} passed the schema, ${created} keys created, ${threw.length} threw`,
      );
      expect(smallest(threw), "valid create-form values on which createApiKey threw instead of answering").toEqual([]);
    },
    timeout(DB_RUNS, 300),
  );

  it(
    `editKeySchema + editApiKey: never throw, and a refusal leaves glob and subjects as they were (${DB_RUNS} runs)`,
    async () => {
      const user = await makeUser(t.db);
      const stranger = await makeUser(t.db);
      const mine = [`Fz.Edit.${user}`, `Fz.Edit.Two.${user}`];
      for (const p of mine) await makePackage(t.db, user, p);
      await makePackage(t.db, stranger, `Fz.Edit.Theirs.${stranger}`);
      const key = await makeKey(t.db, user, { scopes: ["package:push"], packages: [mine[0]!], glob: "Fz.Edit.*" });
      const theirs = await makeKey(t.db, stranger, { packages: [`Fz.Edit.Theirs.${stranger}`] });
      const legacy = await makeKey(t.db, user, { glob: "*" });
      await t.db.apiKey.update({
        where: { id: legacy.id },
        data: { legacy: true, expiresAt: null, durationDays: null },
      });
      const watched = [key.id, theirs.id, legacy.id];
      const form = editForm(watched, mine, `Fz.Edit.Theirs.${stranger}`);

      /** Every key of the database with what an edit may or may not touch, in one query. */
      const snapshot = async () =>
        (await t.db.apiKey.findMany({ include: { subjects: true, scopes: true }, orderBy: { id: "asc" } })).map(
          (row) => ({
            id: row.id,
            glob: row.glob,
            subjects: row.subjects.map((s) => `${s.idKey}|${s.packageId}`).sort(),
            scopes: row.scopes.map((s) => s.scope).sort(),
            expiresAt: row.expiresAt?.getTime() ?? null,
            ownerId: row.ownerId,
            name: row.name,
            hash: row.hash,
          }),
        );

      let reached = 0;
      let edited = 0;
      const threw: string[] = [];
      await fc.assert(
        fc.asyncProperty(form, async (input) => {
          const parsed = editKeySchema.safeParse(input);
          if (!parsed.success) return;
          reached++;
          const values = parsed.data;
          const before = await snapshot();
          let result: Awaited<ReturnType<typeof editApiKey>>;
          try {
            result = await editApiKey(t.db, user, values);
          } catch (error) {
            threw.push(failure(values, error));
            expect(await snapshot()).toEqual(before);
            return;
          }
          const after = await snapshot();
          if (!result.ok) {
            expect(result.error).toMatch(/\S/);
            expect(after).toEqual(before);
            return;
          }
          edited++;
          expect(values.keyId).toBe(key.id);
          const unique = new Map(values.packages.map((p) => [p.toLowerCase(), p]));
          const expected = before.map((row) =>
            row.id === key.id
              ? { ...row, glob: values.glob || null, subjects: [...unique].map(([k, p]) => `${k}|${p}`).sort() }
              : row,
          );
          expect(after).toEqual(expected);
        }),
        params<[unknown]>(DB_RUNS, [
          [{ keyId: "\ud800", packages: [], glob: "*" }],
          [{ keyId: "key\u0000", packages: [], glob: "*" }],
        ]),
      );
      console.info(
        `[fuzz ${kind}] edit: ${DB_RUNS} cases, ${reached} passed the schema, ${edited} edits applied, ${threw.length} threw`,
      );
      expect(smallest(threw), "valid edit-form values on which editApiKey threw instead of answering").toEqual([]);
    },
    timeout(DB_RUNS, 300),
  );

  it(
    `pushPackage: any upload gets 201/400/403/409/413 with a sentence, and leaves no partial write (${DB_RUNS} runs)`,
    async () => {
      const user = await makeUser(t.db);
      const stranger = await makeUser(t.db);
      await makePackage(t.db, stranger, "Fz.Other", ["1.0.0"]);
      const key = await makeKey(t.db, user, { scopes: ["package:push"], glob: "*" });
      const req = { apiKey: key.secret, ip: "127.0.0.1", userAgent: "fuzz" };

      /** The user's packages and versions, the files on disk, and the key's usage records. */
      const state = async () => {
        const packages = await t.db.package.findMany({
          where: { ownerId: user },
          select: { versions: { select: { storagePath: true } } },
        });
        const versions = packages.flatMap((p) => p.versions);
        const files = listFiles(dir);
        return {
          versions: versions.length,
          stored: versions.filter((v) => v.storagePath !== null).length,
          empty: packages.filter((p) => p.versions.length === 0).length,
          nupkgs: files.filter((f) => f.endsWith(".nupkg")).length,
          partials: files.filter((f) => f.endsWith(".partial")),
        };
      };

      const statuses = new Map<number, number>();
      const lostUsage: string[] = [];
      let created = 0;
      let usageExpected = 0;
      await fc.assert(
        fc.asyncProperty(recipe, async (r) => {
          const data = await buildUpload(r);
          // A recorder per case, so that a batch that cannot be stored is this case's alone.
          const usage = new UsageRecorder(t.db);
          let result: Awaited<ReturnType<typeof pushPackage>>;
          try {
            result = await pushPackage({ ...deps, usage }, req, async () => data);
          } catch (error) {
            throw new Error(`pushPackage threw ${String(error).slice(0, 300)} on ${describeRecipe(r, "")}`);
          }
          await usage.flush();
          usageExpected++;
          const usageStored = await t.db.usageEvent.count({ where: { keyId: key.id } });
          if (usageStored !== usageExpected) {
            lostUsage.push(describeRecipe(r, result.message));
            await drain(usage);
            usageExpected = usageStored;
          }

          statuses.set(result.status, (statuses.get(result.status) ?? 0) + 1);
          expect([201, 400, 403, 409, 413]).toContain(result.status);
          expect(isSentence(result.message), `not a sentence: ${JSON.stringify(result.message)}`).toBe(true);
          if (result.status === 201) created++;
          const valid = validMetadata(r);
          if (valid === false) expect([400, 413]).toContain(result.status);
          if (valid === true) expect([201, 403, 409]).toContain(result.status);

          // No partial write: one row per 201, one file per stored row, no temp files, no package without versions.
          const now = await state();
          expect(now).toEqual({ versions: created, stored: created, empty: 0, nupkgs: created, partials: [] });
          if (result.status === 201) {
            const match = /^Created (\S+) (\S+)\.$/.exec(result.message);
            expect(match, result.message).not.toBeNull();
            const row = await t.db.packageVersion.findFirst({
              where: { package: { idKey: match![1]!.toLowerCase() }, versionKey: match![2]!.toLowerCase() },
              include: { package: true },
            });
            expect(row?.package.ownerId).toBe(user);
            expect(PACKAGE_ID_RE.test(row!.package.packageId) && row!.package.packageId.length <= 100).toBe(true);
            expect(normalizeVersion(row!.version)).toEqual({ ok: true, version: row!.version });
          }
        }),
        params<[Recipe]>(DB_RUNS, [
          // The refusal quotes the id cut at 100 UTF-16 units, which splits the emoji into a lone surrogate.
          [{ kind: "meta", id: "a".repeat(99) + "\u{1F600}b", version: "1.0.0", escape: true }],
          // A UTF-16 nuspec with an unpaired surrogate: the XML error message quotes it.
          [{ kind: "nuspec", text: `<package>\ud803</package>`, encoding: "utf16le", invalidBytes: false }],
        ]),
      );
      console.info(`[fuzz ${kind}] push: ${DB_RUNS} cases, statuses ${JSON.stringify(Object.fromEntries(statuses))}`);
      // SPEC 4.5 / 5.2: every authenticated call leaves a usage record (and, in the same batch, an audit event).
      expect(smallest(lostUsage), "push calls whose usage record and audit event were not stored").toEqual([]);
    },
    timeout(DB_RUNS, 500),
  );

  it("one usage record that cannot be stored does not take the other calls of its batch down with it", async () => {
    const user = await makeUser(t.db);
    await makePackage(t.db, user, `Fz.Batch.${user}`, ["1.0.0"]);
    const key = await makeKey(t.db, user, { scopes: ["package:unlist"], glob: "*" });
    const usage = new UsageRecorder(t.db);
    const req = { apiKey: key.secret, ip: "203.0.113.7", userAgent: "batch" };
    const good = await setPackageListed({ ...deps, usage }, req, {
      packageId: `Fz.Batch.${user}`,
      version: "1.0.0",
      listed: false,
    });
    expect(good.status).toBe(200);
    // DELETE /api/v2/package/<99 a>%F0%9F%98%80/1.0.0, sent by anyone holding a key, within the same 50 ms batch.
    const bad = await setPackageListed({ ...deps, usage }, req, {
      packageId: "a".repeat(99) + "\u{1F600}",
      version: "1.0.0",
      listed: false,
    });
    expect(bad.status).toBe(404);
    await drain(usage);
    const stored = await t.db.usageEvent.findMany({ where: { keyId: key.id }, select: { status: true } });
    const audited = await t.db.auditEvent.findMany({
      where: { keyId: key.id, action: "package.unlist" },
      select: { result: true },
    });
    const { lastUsedAt } = await t.db.apiKey.findUniqueOrThrow({ where: { id: key.id }, select: { lastUsedAt: true } });
    expect({ usage: stored.map((u) => u.status).sort(), audit: audited.length, lastUsed: lastUsedAt !== null }).toEqual(
      {
        usage: [200, 404],
        audit: 2,
        lastUsed: true,
      },
    );
  });

  it(
    `setPackageListed: any id and version get 200/400/403/404 and only a 200 changes the flag (${DB_RUNS} runs)`,
    async () => {
      const user = await makeUser(t.db);
      const stranger = await makeUser(t.db);
      const own = `Fz.List.${user}`;
      await makePackage(t.db, user, own, ["1.0.0", "2.0.0-beta", "3.0.0.1"]);
      await makePackage(t.db, stranger, `Fz.List.Theirs.${stranger}`, ["1.0.0"]);
      const unlistAll = await makeKey(t.db, user, { scopes: ["package:unlist"], glob: "*" });
      const pushOnly = await makeKey(t.db, user, { scopes: ["package:push"], glob: "*" });
      const narrow = await makeKey(t.db, user, { scopes: ["package:unlist"], glob: "Nothing.*" });
      const keys = [unlistAll, unlistAll, unlistAll, pushOnly, narrow];

      const packageId = fc.oneof(
        // The last two: valid URL path segments (…%F0%9F%98%80) whose emoji straddles the 100th UTF-16 unit.
        {
          arbitrary: fc.constantFrom(
            own,
            own,
            own.toUpperCase(),
            own.toLowerCase(),
            `Fz.List.Theirs.${stranger}`,
            ` ${own}`,
            `${own}/`,
            "a".repeat(99) + "\u{1F600}",
            "a".repeat(99) + "\u{1F600}.b",
          ),
          weight: 5,
        },
        { arbitrary: validIdText, weight: 1 },
        { arbitrary: anyString(130), weight: 2 },
        { arbitrary: mixedString(40), weight: 1 },
      );
      const version = fc.oneof(
        {
          arbitrary: fc.constantFrom(
            "1.0.0",
            "1.0.0",
            "1.0",
            "1",
            "1.0.0.0",
            "01.0.0",
            "2.0.0-BETA",
            "2.0.0-beta+build",
            "3.0.0.1",
            "3.0.0.01",
            "9.9.9",
            `1.0.0-${"a".repeat(57)}\u{1F600}`,
          ),
          weight: 4,
        },
        { arbitrary: versionPool, weight: 2 },
      );
      const target = fc.record({ key: fc.nat({ max: keys.length - 1 }), packageId, version, listed: fc.boolean() });
      const flags = async () =>
        await t.db.packageVersion.findMany({
          where: { package: { ownerId: { in: [user, stranger] } } },
          select: { id: true, listed: true },
          orderBy: { id: "asc" },
        });

      const statuses = new Map<number, number>();
      const lostUsage: string[] = [];
      const usageExpected = new Map<string, number>();
      await fc.assert(
        fc.asyncProperty(target, async ({ key: k, ...request }) => {
          const key = keys[k]!;
          const before = await flags();
          const usage = new UsageRecorder(t.db);
          let result: Awaited<ReturnType<typeof setPackageListed>>;
          try {
            result = await setPackageListed(
              { ...deps, usage },
              { apiKey: key.secret, ip: null, userAgent: null },
              request,
            );
          } catch (error) {
            throw new Error(`setPackageListed threw ${String(error).slice(0, 300)} on ${JSON.stringify(request)}`);
          }
          await usage.flush();
          const expectedUsage = (usageExpected.get(key.id) ?? 0) + 1;
          const usageStored = await t.db.usageEvent.count({ where: { keyId: key.id } });
          usageExpected.set(key.id, usageStored);
          if (usageStored !== expectedUsage) {
            lostUsage.push(JSON.stringify({ ...request, status: result.status }));
            await drain(usage);
          }

          statuses.set(result.status, (statuses.get(result.status) ?? 0) + 1);
          expect([200, 400, 403, 404]).toContain(result.status);
          expect(isSentence(result.message), `not a sentence: ${JSON.stringify(result.message)}`).toBe(true);
          const after = await flags();
          expect(after.map((v) => v.id)).toEqual(before.map((v) => v.id));
          const changed = after.filter((row, i) => row.listed !== before[i]!.listed);
          if (result.status !== 200) expect(changed).toEqual([]);
          else {
            expect(changed.length).toBeLessThanOrEqual(1);
            expect(changed.every((row) => row.listed === request.listed)).toBe(true);
          }
        }),
        params(DB_RUNS, [
          // DELETE /api/v2/package/aaa…a%F0%9F%98%80/1.0.0: the usage record cuts the id at 100 units, mid-emoji.
          [{ key: 0, packageId: "a".repeat(99) + "\u{1F600}", version: "1.0.0", listed: false }],
          // DELETE /api/v2/package/%00/1.0.0: PostgreSQL cannot store NUL in text.
          [{ key: 0, packageId: "\u0000", version: "1.0.0", listed: false }],
        ]),
      );
      console.info(`[fuzz ${kind}] listed: ${DB_RUNS} cases, statuses ${JSON.stringify(Object.fromEntries(statuses))}`);
      expect(smallest(lostUsage), "unlist/relist calls whose usage record and audit event were not stored").toEqual([]);
    },
    timeout(DB_RUNS, 300),
  );
});
