// Upload recipes for fuzzing readNupkg and the push API: plain data, so fast-check prints and shrinks
// them; buildUpload turns one into the bytes of an upload.
import fc from "fast-check";
import { normalizeVersion } from "@/lib/nuget/version";
import { PACKAGE_ID_RE } from "@/lib/keys/schemas";
import { buildNupkg, NUSPEC_NAMESPACE, nuspecXml } from "./build-nupkg";
import { anyString, mixedString, validIdText, whitespace } from "./string-arbitraries";
import { CENTRAL_HEADER, headerOffsets, LOCAL_HEADER, renameEntries } from "./zip-surgery";

type Encoding = "utf8" | "utf8bom" | "utf16le" | "utf16be" | "latin1" | "bom-mismatch";
type ZipField = "csize" | "usize" | "crc" | "method";
export type Recipe =
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
export const versionPool = fc.oneof(
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

/** The billion-laughs entity expansion, as a nuspec. */
export const BILLION_LAUGHS = [
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
        return BILLION_LAUGHS;
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

export const recipe: fc.Arbitrary<Recipe> = fc.oneof(
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

/** The bytes of the upload a recipe describes. */
export async function buildUpload(r: Recipe): Promise<Buffer> {
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
      const central = headerOffsets(data, CENTRAL_HEADER);
      const local = headerOffsets(data, LOCAL_HEADER);
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
      // yazl refuses unsafe names: entries get same-length placeholder names, renamed afterwards.
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
      renameEntries(data, renames);
      return data;
    }
  }
}

/** For recipes whose metadata we control exactly: whether the id and version are valid. */
export function validMetadata(r: Recipe): boolean | undefined {
  if (r.kind !== "meta") return undefined;
  const id = r.id.trim();
  const version = r.version.trim();
  if (!r.escape && /[<>&]/.test(r.id + r.version)) return undefined;
  return PACKAGE_ID_RE.test(id) && id.length <= 100 && normalizeVersion(version).ok;
}

/** A recipe and a message, shortened for a failure report. */
export function describeRecipe(r: Recipe, message: string): string {
  const shown =
    r.kind === "bytes"
      ? { ...r, bytes: `<${r.bytes.length} bytes>` }
      : r.kind === "nuspec"
        ? { ...r, text: r.text.length > 300 ? `${r.text.slice(0, 300)}…(${r.text.length} chars)` : r.text }
        : r;
  return JSON.stringify({ recipe: shown, message: message.length > 300 ? `${message.slice(0, 300)}…` : message });
}
