import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PACKAGE_ID_RE } from "@/lib/keys/schemas";
import { buildNupkg, nuspecXml, zipOf } from "@/tests/support/build-nupkg";
import { BILLION_LAUGHS } from "@/tests/support/nupkg-arbitraries";
import { declareSize, renameEntry } from "@/tests/support/zip-surgery";
import { DEFAULT_NUPKG_LIMITS, NupkgError, parseNuspec, readNupkg, type NupkgInfo, type NupkgLimits } from "./nupkg";
import { normalizeVersion } from "./version";

const numRuns = Number(process.env.FC_NUM_RUNS) || 1000;
// Properties whose every case builds a zip run fewer times to keep the file fast.
const zipRuns = Math.max(100, Math.floor(numRuns / 10));
// Larger FC_NUM_RUNS scale the test timeout; a single case that never settles still fails fast.
const propertyTimeout = Math.max(10_000, numRuns * 2);
const caseTimeout = 2_000;

const NOT_A_ZIP = "The upload is not a valid .nupkg (zip) file.";

async function outcomeOf(promise: Promise<NupkgInfo>): Promise<NupkgInfo | NupkgError> {
  try {
    return await promise;
  } catch (error) {
    if (error instanceof NupkgError) return error;
    throw error;
  }
}

async function expectRejection(promise: Promise<NupkgInfo>, status: 400 | 413, message: string | RegExp) {
  const outcome = await outcomeOf(promise);
  expect(outcome).toBeInstanceOf(NupkgError);
  if (!(outcome instanceof NupkgError)) return;
  expect(outcome.status).toBe(status);
  if (typeof message === "string") expect(outcome.message).toBe(message);
  else expect(outcome.message).toMatch(message);
}

function withLimits(overrides: Partial<NupkgLimits>): NupkgLimits {
  return { ...DEFAULT_NUPKG_LIMITS, ...overrides };
}

function nuspecWith(metadata: string, root = "package"): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n<${root} xmlns="http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd"><metadata>${metadata}</metadata></${root}>`;
}

describe("readNupkg: valid packages", () => {
  it("round-trips id and version, normalizing the version", async () => {
    const data = await buildNupkg({ id: "Contoso.Utils", version: "1.0" });
    await expect(readNupkg(data)).resolves.toMatchObject({
      id: "Contoso.Utils",
      version: "1.0.0",
      originalVersion: "1.0",
    });
  });

  it("keeps prerelease case and drops build metadata", async () => {
    const data = await buildNupkg({ id: "Contoso_Core-Lib", version: "2.0.0.0-Beta.1+sha.abc" });
    await expect(readNupkg(data)).resolves.toMatchObject({
      id: "Contoso_Core-Lib",
      version: "2.0.0-Beta.1",
      originalVersion: "2.0.0.0-Beta.1+sha.abc",
    });
  });

  it("trims whitespace around id and version", async () => {
    const nuspec = nuspecWith("<id>\n   Contoso.Utils \n</id><version>  1.2.3\t</version><authors>a</authors>");
    const data = await buildNupkg({ id: "Contoso.Utils", version: "1.2.3", nuspec });
    await expect(readNupkg(data)).resolves.toMatchObject({
      id: "Contoso.Utils",
      version: "1.2.3",
      originalVersion: "1.2.3",
    });
  });

  it("reads a namespace-prefixed nuspec", async () => {
    const nuspec = [
      '<?xml version="1.0"?>',
      '<ns:package xmlns:ns="http://schemas.microsoft.com/packaging/2011/08/nuspec.xsd">',
      "<ns:metadata><ns:id>Prefixed.Pkg</ns:id><ns:version>3.1</ns:version></ns:metadata>",
      "</ns:package>",
    ].join("\n");
    const data = await buildNupkg({ id: "Prefixed.Pkg", version: "3.1", nuspec });
    await expect(readNupkg(data)).resolves.toMatchObject({ id: "Prefixed.Pkg", version: "3.1.0" });
  });

  it("reads other schema years, no namespace, attributes, CDATA and a BOM", async () => {
    const cases = [
      '<package xmlns="http://schemas.microsoft.com/packaging/2010/07/nuspec.xsd"><metadata minClientVersion="2.8"><id>A</id><version>1.0.0</version></metadata></package>',
      "<package><metadata><id>A</id><version>1.0.0</version></metadata></package>",
      "<package><metadata><id><![CDATA[A]]></id><version>1.0.0</version></metadata></package>",
      '\uFEFF<?xml version="1.0" encoding="utf-8"?><package><metadata><id>A</id><version>1.0.0</version></metadata></package>',
    ];
    for (const nuspec of cases) {
      const data = await buildNupkg({ id: "A", version: "1.0.0", nuspec });
      await expect(readNupkg(data), nuspec).resolves.toMatchObject({ id: "A", version: "1.0.0" });
    }
  });

  it("decodes a UTF-16 nuspec with a byte order mark", async () => {
    const text = nuspecXml({ id: "Wide.Pkg", version: "1.0.0" });
    const little = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
    const big = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, "utf16le").swap16()]);
    for (const nuspec of [little, big]) {
      const data = await buildNupkg({
        id: "Wide.Pkg",
        version: "1.0.0",
        nuspecPath: null,
        files: { "Wide.Pkg.nuspec": nuspec },
      });
      await expect(readNupkg(data)).resolves.toMatchObject({ id: "Wide.Pkg", version: "1.0.0" });
    }
  });

  it("accepts a stored (uncompressed) nuspec and an upper-case extension", async () => {
    const data = await zipOf({ "X.NUSPEC": nuspecXml({ id: "X", version: "1.0.0" }) }, false);
    await expect(readNupkg(data)).resolves.toMatchObject({ id: "X", version: "1.0.0" });
  });

  it("accepts a package of exactly the size limits", async () => {
    const data = await buildNupkg({ id: "Edge", version: "1.0.0" });
    const nuspecBytes = Buffer.byteLength(nuspecXml({ id: "Edge", version: "1.0.0" }));
    await expect(
      readNupkg(data, withLimits({ maxPackageBytes: data.length, maxNuspecBytes: nuspecBytes })),
    ).resolves.toMatchObject({
      id: "Edge",
    });
  });
});

describe("readNupkg: not a package", () => {
  it("rejects random bytes, an empty upload and a truncated zip with 400", async () => {
    const valid = await buildNupkg({ id: "Contoso.Utils", version: "1.0.0" });
    const uploads = [
      Buffer.from("this is not a zip file at all"),
      Buffer.alloc(0),
      valid.subarray(0, valid.length - 30),
      valid.subarray(0, valid.length / 2),
    ];
    for (const upload of uploads) await expectRejection(readNupkg(upload), 400, NOT_A_ZIP);
  });

  it("rejects a package with no .nuspec", async () => {
    const data = await buildNupkg({ id: "A", version: "1.0.0", nuspecPath: null });
    await expectRejection(readNupkg(data), 400, "The package has no .nuspec file at its root.");
    await expectRejection(readNupkg(await zipOf({})), 400, "The package has no .nuspec file at its root.");
  });

  it("rejects a package whose only .nuspec is in a subfolder", async () => {
    const data = await buildNupkg({ id: "A", version: "1.0.0", nuspecPath: "content/A.nuspec" });
    await expectRejection(readNupkg(data), 400, "The package has no .nuspec file at its root.");
  });

  it("rejects a package with two .nuspec files at its root", async () => {
    const data = await buildNupkg({
      id: "A",
      version: "1.0.0",
      files: { "B.nuspec": nuspecXml({ id: "B", version: "1.0.0" }) },
    });
    await expectRejection(readNupkg(data), 400, "The package has more than one .nuspec file at its root.");
  });

  it("rejects entries with '..' segments or absolute paths", async () => {
    const base = await buildNupkg({
      id: "A",
      version: "1.0.0",
      files: { "zz/evil.txt": "x", "zzzevil.txt": "y", "zz_evil.txt": "z" },
    });
    const unsafe = /^The package contains an entry with an unsafe path: '.+'\.$/;
    const renames: [from: string, to: string, message: string | RegExp][] = [
      ["zz/evil.txt", "../evil.txt", "The package contains an entry with an unsafe path: '../evil.txt'."],
      ["zzzevil.txt", "/zzevil.txt", unsafe],
      ["zzzevil.txt", "C:/evil.txt", unsafe],
      ["zz_evil.txt", "..\\evil.txt", unsafe],
    ];
    for (const [from, to, message] of renames) {
      await expectRejection(readNupkg(renameEntry(base, from, to)), 400, message);
    }
  });
});

describe("readNupkg: hostile nuspec", () => {
  async function readNuspec(nuspec: string) {
    return readNupkg(await buildNupkg({ id: "A", version: "1.0.0", nuspec }));
  }

  /** Each nuspec text, packed alone, is refused with 400 and its message. */
  async function expectRefusals(cases: [nuspec: string, message: string | RegExp][]) {
    for (const [nuspec, message] of cases) await expectRejection(readNuspec(nuspec), 400, message);
  }

  it("rejects a billion-laughs DTD before parsing", async () => {
    await expectRejection(readNuspec(BILLION_LAUGHS), 400, "The .nuspec must not contain a DTD or entities.");
  });

  it("rejects external entities (XXE) and DTDs in any letter case", async () => {
    const xxe =
      '<?xml version="1.0"?><!doctype package [<!entity xxe SYSTEM "file:///etc/passwd">]><package><metadata><id>&xxe;</id></metadata></package>';
    await expectRefusals([
      [xxe, "The .nuspec must not contain a DTD or entities."],
      [`<!DocType package>${nuspecWith("<id>A</id><version>1.0.0</version>")}`, /DTD/],
    ]);
  });

  it("rejects invalid XML", async () => {
    const invalid = /^The \.nuspec is not valid XML: /;
    await expectRefusals([
      ["<package><metadata><id>A</id>", invalid],
      ["not xml", invalid],
      ["", /^The \.nuspec is not valid XML: |^The \.nuspec has no/],
      ["<package><metadata></package></metadata>", invalid],
    ]);
  });

  it("rejects a nuspec without metadata, id or version", async () => {
    const noMetadata = "The .nuspec has no <package><metadata> element.";
    const noId = "The .nuspec has no package id in <metadata><id>.";
    await expectRefusals([
      ["<other><metadata><id>A</id><version>1.0.0</version></metadata></other>", noMetadata],
      ["<package><id>A</id><version>1.0.0</version></package>", noMetadata],
      [nuspecWith("<id>A</id>"), "The .nuspec has no package version in <metadata><version>."],
      [nuspecWith("<version>1.0.0</version>"), noId],
      [nuspecWith("<id>  </id><version>1.0.0</version>"), noId],
      [nuspecWith("<id/><version>1.0.0</version>"), noId],
    ]);
  });

  it("rejects repeated or structured id and version elements", async () => {
    await expectRefusals([
      [nuspecWith("<id>A</id><id>B</id><version>1.0.0</version>"), "The .nuspec has more than one <id> element."],
      [nuspecWith("<id>A<b>x</b></id><version>1.0.0</version>"), "The <id> in the .nuspec must contain only text."],
    ]);
  });

  it("rejects a bad package id", async () => {
    await expectRefusals([
      [
        nuspecWith("<id>x y</id><version>1.0.0</version>"),
        "'x y' is not a valid package id: use letters, digits, '_', and single '.' or '-' between them.",
      ],
      [nuspecWith("<id>a..b</id><version>1.0.0</version>"), /^'a\.\.b' is not a valid package id/],
      [nuspecWith("<id>a&amp;b</id><version>1.0.0</version>"), /is not a valid package id/],
      [
        nuspecWith(`<id>${"a".repeat(101)}</id><version>1.0.0</version>`),
        /is not a valid package id: it has more than 100 characters\.$/,
      ],
    ]);
    await expect(readNuspec(nuspecWith(`<id>${"a".repeat(100)}</id><version>1.0.0</version>`))).resolves.toMatchObject({
      version: "1.0.0",
    });
  });

  it("rejects a bad version with normalizeVersion's message", async () => {
    await expectRefusals([
      [
        nuspecWith("<id>A</id><version>1.0.0-</version>"),
        "'1.0.0-' is not a valid version: the prerelease label is empty.",
      ],
      [nuspecWith("<id>A</id><version>1.0.0.0.0</version>"), /more than 4 numeric parts/],
    ]);
  });
});

describe("readNupkg: size limits", () => {
  it("rejects a package over maxPackageBytes with 413 before opening it", async () => {
    const data = await buildNupkg({ id: "A", version: "1.0.0" });
    await expectRejection(
      readNupkg(data, withLimits({ maxPackageBytes: data.length - 1 })),
      413,
      /^The package is larger than the .+ limit\.$/,
    );
    await expectRejection(
      readNupkg(Buffer.alloc(300), withLimits({ maxPackageBytes: 100 })),
      413,
      "The package is larger than the 100 bytes limit.",
    );
  });

  it("rejects a zip bomb by total size and by ratio with 413", async () => {
    const bomb = await buildNupkg({
      id: "Bomb",
      version: "1.0.0",
      files: { "content/zeros.bin": Buffer.alloc(20 * 1024 * 1024) },
    });
    expect(bomb.length).toBeLessThan(100 * 1024);
    await expectRejection(
      readNupkg(bomb),
      413,
      "The package inflates past the allowed ratio of 100:1 (a possible zip bomb).",
    );
    await expectRejection(
      readNupkg(bomb, withLimits({ maxUncompressedBytes: 5 * 1024 * 1024, maxCompressionRatio: 1e9 })),
      413,
      "The package inflates past the allowed total of 5 MiB (a possible zip bomb).",
    );
    await expectRejection(
      readNupkg(bomb, withLimits({ maxCompressionRatio: 10 })),
      413,
      /inflates past the allowed ratio of 10:1/,
    );
  });

  it("rejects a .nuspec over maxNuspecBytes by its declared size", async () => {
    const data = await buildNupkg({ id: "A", version: "1.0.0", description: "d".repeat(4096) });
    await expectRejection(
      readNupkg(data, withLimits({ maxNuspecBytes: 1024 })),
      413,
      "The .nuspec is larger than the 1 KiB limit.",
    );
  });

  it("stops inflating a .nuspec that understates its size at the cap", async () => {
    const data = await buildNupkg({ id: "A", version: "1.0.0", description: "d".repeat(200_000) });
    const lying = declareSize(data, "A.nuspec", 1000);
    await expectRejection(
      readNupkg(lying, withLimits({ maxNuspecBytes: 1024 })),
      413,
      "The .nuspec is larger than the 1 KiB limit.",
    );
    await expectRejection(readNupkg(lying), 400, NOT_A_ZIP);
  });

  it("rejects a .nuspec whose data fails its checksum", async () => {
    const data = await zipOf({ "X.nuspec": nuspecXml({ id: "X", version: "1.0.0" }) }, false);
    const damaged = Buffer.from(data);
    damaged.write("Y", damaged.indexOf("<id>X</id>") + 4);
    await expectRejection(readNupkg(damaged), 400, NOT_A_ZIP);
  });

  it("rejects a .nuspec whose declared size is larger than its data", async () => {
    const data = await buildNupkg({ id: "A", version: "1.0.0" });
    await expectRejection(readNupkg(declareSize(data, "A.nuspec", 5000)), 400, NOT_A_ZIP);
  });
});

describe("readNupkg: properties", () => {
  it(
    "never throws anything but NupkgError on random bytes",
    async () => {
      const bytes = fc.oneof(
        fc.uint8Array({ maxLength: 512 }),
        // Random data ending in an end-of-central-directory record reaches the entry parser.
        fc
          .tuple(fc.uint8Array({ maxLength: 256 }), fc.uint8Array({ minLength: 18, maxLength: 18 }))
          .map(([body, tail]) => Buffer.concat([body, Buffer.from([0x50, 0x4b, 0x05, 0x06]), tail])),
      );
      await fc.assert(
        fc.asyncProperty(bytes, async (input) => {
          const outcome = await outcomeOf(readNupkg(Buffer.from(input)));
          expect(outcome).toBeInstanceOf(NupkgError);
        }),
        { numRuns, timeout: caseTimeout },
      );
    },
    propertyTimeout,
  );

  it(
    "survives random byte corruption of a valid package",
    async () => {
      const base = await buildNupkg({
        id: "Contoso.Utils",
        version: "1.2.3",
        files: { "readme.md": "hello ".repeat(50) },
      });
      const edits = fc.array(fc.tuple(fc.nat({ max: base.length - 1 }), fc.integer({ min: 0, max: 255 })), {
        minLength: 1,
        maxLength: 8,
      });
      await fc.assert(
        fc.asyncProperty(edits, async (changes) => {
          const data = Buffer.from(base);
          for (const [at, value] of changes) data[at] = value;
          const outcome = await outcomeOf(readNupkg(data));
          if (outcome instanceof NupkgError) return;
          expect(outcome.id).toMatch(PACKAGE_ID_RE);
          expect(normalizeVersion(outcome.originalVersion)).toEqual({ ok: true, version: outcome.version });
        }),
        { numRuns, timeout: caseTimeout },
      );
    },
    propertyTimeout,
  );

  it(
    "rejects any truncation with NupkgError unless the package is whole",
    async () => {
      const id = fc.stringMatching(/^[A-Za-z0-9_]{1,10}(\.[A-Za-z0-9_]{1,10}){0,2}$/);
      const version = fc.tuple(fc.nat(20), fc.nat(20), fc.nat(20)).map((parts) => parts.join("."));
      await fc.assert(
        fc.asyncProperty(
          id,
          version,
          fc.string({ maxLength: 200 }),
          fc.double({ min: 0, max: 1, noNaN: true }),
          async (pkgId, pkgVersion, extra, cut) => {
            const data = await buildNupkg({ id: pkgId, version: pkgVersion, files: { "content/extra.txt": extra } });
            const outcome = await outcomeOf(readNupkg(data.subarray(0, Math.floor(data.length * cut))));
            if (outcome instanceof NupkgError) return;
            expect(outcome).toMatchObject({ id: pkgId, version: pkgVersion, originalVersion: pkgVersion });
          },
        ),
        { numRuns: zipRuns, timeout: caseTimeout },
      );
    },
    propertyTimeout,
  );

  const xmlish = fc.oneof(
    fc.string({ maxLength: 200 }),
    fc.string({
      unit: fc.constantFrom(
        "<",
        ">",
        "/",
        "=",
        '"',
        "'",
        " ",
        "\n",
        "&",
        ";",
        ":",
        "!",
        "?",
        "[",
        "]",
        "package",
        "metadata",
        "id",
        "version",
        "ns",
        "xmlns",
        "A.B",
        "1.0.0",
        "-beta",
        "x y",
        "<!DOCTYPE",
        "<!ENTITY",
        "<![CDATA[",
        "]]>",
        "<!--",
        "-->",
        "<?xml",
        "?>",
        "&lt;",
        "&#x41;",
        "\uFEFF",
        "\u0000",
      ),
      maxLength: 60,
    }),
    fc
      .tuple(fc.string({ maxLength: 30 }), fc.string({ maxLength: 30 }))
      .map(([id, version]) => nuspecWith(`<id>${id}</id><version>${version}</version>`)),
  );

  it(
    "parses random XML-ish nuspec text to a valid result or a NupkgError",
    () => {
      fc.assert(
        fc.property(xmlish, (xml) => {
          try {
            const info = parseNuspec(xml);
            expect(info.id).toMatch(PACKAGE_ID_RE);
            expect(normalizeVersion(info.originalVersion)).toEqual({ ok: true, version: info.version });
          } catch (error) {
            expect(error).toBeInstanceOf(NupkgError);
          }
        }),
        { numRuns },
      );
    },
    propertyTimeout,
  );

  it(
    "never throws anything but NupkgError for random nuspec text inside a package",
    async () => {
      await fc.assert(
        fc.asyncProperty(xmlish, async (nuspec) => {
          const outcome = await outcomeOf(readNupkg(await buildNupkg({ id: "A", version: "1.0.0", nuspec })));
          if (outcome instanceof NupkgError) expect([400, 413]).toContain(outcome.status);
        }),
        { numRuns: zipRuns, timeout: caseTimeout },
      );
    },
    propertyTimeout,
  );
});
