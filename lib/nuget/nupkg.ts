import { type Readable, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { crc32, createInflateRaw } from "node:zlib";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import * as yauzl from "yauzl";
import { PACKAGE_ID_MAX } from "@/lib/keys/glob";
import { PACKAGE_ID_RE } from "@/lib/keys/schemas";
import { readMetadata, type PackageMetadata } from "./metadata";
import { RangedReader, type RangedSource } from "./ranged-reader";
import { normalizeVersion } from "./version";

export type NupkgLimits = {
  maxPackageBytes: number;
  maxNuspecBytes: number;
  maxUncompressedBytes: number;
  maxCompressionRatio: number;
};

export const DEFAULT_NUPKG_LIMITS: NupkgLimits = {
  maxPackageBytes: 250 * 1024 * 1024,
  maxNuspecBytes: 1024 * 1024,
  maxUncompressedBytes: 1024 * 1024 * 1024,
  maxCompressionRatio: 100,
};

export type NupkgInfo = { id: string; version: string; originalVersion: string; metadata: PackageMetadata };

export const SYMBOLS_NOT_A_PACKAGE =
  "This is a symbols package (.snupkg), not a package. Push symbols to the gallery's symbol endpoint " +
  "(SymbolPackagePublish in /v3/index.json) and the .nupkg itself here.";

const NOT_SYMBOLS =
  'This is not a symbols package: its .nuspec must declare <packageType name="SymbolsPackage" />, as ' +
  "`dotnet pack` and `nuget pack -Symbols -SymbolPackageFormat snupkg` write it.";

/** What a .snupkg may hold besides its .nuspec: PDBs, empty-folder markers, and the parts every package has. */
const SYMBOLS_ENTRY =
  /^(?:.+\.pdb|(?:.+\/)?_\._|\[content_types\]\.xml|_rels\/.*\.rels|package\/services\/metadata\/core-properties\/.+\.psmdcp)$/i;

/** A package in memory, or already on disk (an upload streamed to a file). */
export type NupkgSource = Buffer | { path: string; size: number };
/** Anything a package's zip is read from: an upload, or a stored file read by ranges. */
export type ZipSource = NupkgSource | RangedSource;
export type { RangedSource };

export class NupkgError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 413,
  ) {
    super(message);
    this.name = "NupkgError";
  }
}

const NOT_A_ZIP = "The upload is not a valid .nupkg (zip) file.";
const QUOTE_MAX = 100;
const ZIP_OPTIONS: yauzl.Options = {
  lazyEntries: true,
  validateEntrySizes: true,
  // File names are decoded and checked here, so an unsafe path gets its own message.
  decodeStrings: false,
};

/** Reads and validates the package id and version, and the metadata the feed serves, from the .nuspec of a .nupkg. */
export async function readNupkg(source: NupkgSource, limits: NupkgLimits = DEFAULT_NUPKG_LIMITS): Promise<NupkgInfo> {
  const size = Buffer.isBuffer(source) ? source.length : source.size;
  if (size > limits.maxPackageBytes) {
    throw new NupkgError(`The package is larger than the ${formatBytes(limits.maxPackageBytes)} limit.`, 413);
  }
  return parseNuspec(decodeText(await extractNuspec(source, limits)));
}

/**
 * Reads a symbols package (.snupkg): the same zip and .nuspec checks as a package, then the SymbolsPackage type
 * and nothing but symbol files.
 */
export async function readSymbolsPackage(
  source: NupkgSource,
  limits: NupkgLimits = DEFAULT_NUPKG_LIMITS,
): Promise<NupkgInfo> {
  const size = Buffer.isBuffer(source) ? source.length : source.size;
  if (size > limits.maxPackageBytes) {
    throw new NupkgError(`The symbols package is larger than the ${formatBytes(limits.maxPackageBytes)} limit.`, 413);
  }
  const names: string[] = [];
  const zipfile = await openZip(source);
  let nuspec: Buffer;
  try {
    nuspec = await readNuspecBytes(zipfile, await findNuspec(zipfile, size, limits, names), limits.maxNuspecBytes);
  } finally {
    zipfile.close();
  }
  const info = parseNuspec(decodeText(nuspec), "symbols");
  const stray = names.find(
    (name) => !name.endsWith("/") && !/^[^/]+\.nuspec$/i.test(name) && !SYMBOLS_ENTRY.test(name),
  );
  if (stray) {
    throw new NupkgError(`A symbols package may contain only symbol files (.pdb); it has '${quote(stray)}'.`, 400);
  }
  return info;
}

/**
 * The .nuspec of a package, byte for byte, with the same checks as a push. A ranged source that fails to
 * read throws its own error, not a verdict on the package.
 */
export async function extractNuspec(source: ZipSource, limits: NupkgLimits = DEFAULT_NUPKG_LIMITS): Promise<Buffer> {
  const size = Buffer.isBuffer(source) ? source.length : source.size;
  const reader = Buffer.isBuffer(source) || "path" in source ? null : new RangedReader(source);
  try {
    const zipfile = await openZip(source, reader);
    try {
      const nuspec = await findNuspec(zipfile, size, limits);
      return await readNuspecBytes(zipfile, nuspec, limits.maxNuspecBytes);
    } finally {
      zipfile.close();
    }
  } catch (error) {
    throw reader?.failure ?? error;
  }
}

function openZip(source: ZipSource, reader: RangedReader | null = null): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    const opened = (err: Error | null, zipfile: yauzl.ZipFile) => {
      if (err) return reject(new NupkgError(NOT_A_ZIP, 400));
      // Late errors after the scan has settled must not surface as unhandled events.
      zipfile.on("error", () => {});
      resolve(zipfile);
    };
    if (Buffer.isBuffer(source)) yauzl.fromBuffer(source, { ...ZIP_OPTIONS }, opened);
    else if ("path" in source) yauzl.open(source.path, { ...ZIP_OPTIONS, autoClose: false }, opened);
    else
      yauzl.fromRandomAccessReader(
        reader ?? new RangedReader(source),
        source.size,
        { ...ZIP_OPTIONS, autoClose: false },
        opened,
      );
  });
}

/** Walks the central directory once: checks paths and sizes, and finds the single root .nuspec. */
function findNuspec(
  zipfile: yauzl.ZipFile,
  packageBytes: number,
  limits: NupkgLimits,
  names?: string[],
): Promise<yauzl.Entry> {
  return new Promise((resolve, reject) => {
    const nuspecs: yauzl.Entry[] = [];
    let uncompressed = 0;

    const finish = (error: NupkgError | null) => {
      zipfile.removeListener("entry", onEntry);
      zipfile.removeListener("end", onEnd);
      zipfile.removeListener("error", onError);
      if (error) reject(error);
    };
    const onError = () => finish(new NupkgError(NOT_A_ZIP, 400));
    const onEnd = () => {
      const [nuspec, ...others] = nuspecs;
      if (!nuspec) return finish(new NupkgError("The package has no .nuspec file at its root.", 400));
      if (others.length > 0)
        return finish(new NupkgError("The package has more than one .nuspec file at its root.", 400));
      finish(null);
      resolve(nuspec);
    };
    const onEntry = (entry: yauzl.Entry) => {
      const name = yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, false);
      if (isUnsafePath(name)) {
        return finish(new NupkgError(`The package contains an entry with an unsafe path: '${quote(name)}'.`, 400));
      }
      names?.push(name);
      uncompressed += entry.uncompressedSize;
      if (uncompressed > limits.maxUncompressedBytes) {
        return finish(
          new NupkgError(
            `The package inflates past the allowed total of ${formatBytes(limits.maxUncompressedBytes)} (a possible zip bomb).`,
            413,
          ),
        );
      }
      if (uncompressed > limits.maxCompressionRatio * packageBytes) {
        return finish(
          new NupkgError(
            `The package inflates past the allowed ratio of ${limits.maxCompressionRatio}:1 (a possible zip bomb).`,
            413,
          ),
        );
      }
      if (!name.includes("/") && name.toLowerCase().endsWith(".nuspec")) nuspecs.push(entry);
      zipfile.readEntry();
    };

    zipfile.on("entry", onEntry);
    zipfile.on("end", onEnd);
    zipfile.on("error", onError);
    zipfile.readEntry();
  });
}

function isUnsafePath(name: string): boolean {
  return name.startsWith("/") || /^[A-Za-z]:/.test(name) || name.split("/").includes("..") || name.includes("\0");
}

/** Inflates the nuspec itself so the byte cap holds whatever the zip declares, and every stream is torn down. */
async function readNuspecBytes(zipfile: yauzl.ZipFile, entry: yauzl.Entry, maxBytes: number): Promise<Buffer> {
  if (entry.uncompressedSize > maxBytes) throw nuspecTooLarge(maxBytes);
  if (entry.isEncrypted()) throw new NupkgError("The .nuspec is encrypted.", 400);
  if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
    throw new NupkgError("The .nuspec uses an unsupported compression method.", 400);
  }

  const raw = await openRawStream(zipfile, entry);
  const chunks: Buffer[] = [];
  let total = 0;
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      total += chunk.length;
      if (total > maxBytes) return callback(nuspecTooLarge(maxBytes));
      // The declared size is a promise the data must keep (what yauzl's validateEntrySizes checks).
      if (total > entry.uncompressedSize) return callback(new NupkgError(NOT_A_ZIP, 400));
      chunks.push(chunk);
      callback();
    },
  });
  try {
    if (entry.compressionMethod === 8) await pipeline(raw, createInflateRaw(), sink);
    else await pipeline(raw, sink);
  } catch (error) {
    throw error instanceof NupkgError ? error : new NupkgError(NOT_A_ZIP, 400);
  }
  const bytes = Buffer.concat(chunks);
  // yauzl leaves the checksum to the caller; a mismatch means the upload was damaged.
  if (total !== entry.uncompressedSize || crc32(bytes) !== entry.crc32) throw new NupkgError(NOT_A_ZIP, 400);
  return bytes;
}

function openRawStream(zipfile: yauzl.ZipFile, entry: yauzl.Entry): Promise<Readable> {
  return new Promise((resolve, reject) => {
    zipfile.openReadStream(entry, { decodeFileData: false }, (err, stream) => {
      if (err) return reject(new NupkgError(NOT_A_ZIP, 400));
      resolve(stream);
    });
  });
}

function nuspecTooLarge(maxBytes: number): NupkgError {
  return new NupkgError(`The .nuspec is larger than the ${formatBytes(maxBytes)} limit.`, 413);
}

function decodeText(bytes: Buffer): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return bytes.subarray(3).toString("utf8");
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.subarray(2).toString("utf16le");
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    const body = Buffer.from(bytes.subarray(2, bytes.length - (bytes.length % 2)));
    return body.swap16().toString("utf16le");
  }
  return bytes.toString("utf8");
}

const parser = new XMLParser({
  processEntities: false,
  ignoreAttributes: false,
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
});

/** Reads <package><metadata><id> and <version>; a DTD is refused before any parsing. */
export function parseNuspec(xml: string, kind: "package" | "symbols" = "package"): NupkgInfo {
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw new NupkgError("The .nuspec must not contain a DTD or entities.", 400);

  let document: unknown;
  try {
    const valid = XMLValidator.validate(xml);
    if (valid !== true) {
      const { msg, line } = valid.err;
      throw new NupkgError(`The .nuspec is not valid XML: ${xmlDetail(msg)} (line ${line}).`, 400);
    }
    document = parser.parse(xml);
  } catch (error) {
    if (error instanceof NupkgError) throw error;
    const detail = error instanceof Error ? xmlDetail(error.message) : "it could not be parsed";
    throw new NupkgError(`The .nuspec is not valid XML: ${detail}.`, 400);
  }

  const metadata = childOf(childOf(document, "package"), "metadata");
  if (!isRecord(metadata)) throw new NupkgError("The .nuspec has no <package><metadata> element.", 400);
  const id = textOf(metadata, "id");
  const originalVersion = textOf(metadata, "version");

  if (id.length > PACKAGE_ID_MAX) {
    throw new NupkgError(
      `'${quote(id)}' is not a valid package id: it has more than ${PACKAGE_ID_MAX} characters.`,
      400,
    );
  }
  if (!PACKAGE_ID_RE.test(id)) {
    throw new NupkgError(
      `'${quote(id)}' is not a valid package id: use letters, digits, '_', and single '.' or '-' between them.`,
      400,
    );
  }
  const version = normalizeVersion(originalVersion);
  if (!version.ok) throw new NupkgError(version.message, 400);
  const symbols = packageTypesOf(metadata).some((type) => type.toLowerCase() === "symbolspackage");
  if (symbols && kind === "package") throw new NupkgError(SYMBOLS_NOT_A_PACKAGE, 400);
  if (!symbols && kind === "symbols") throw new NupkgError(NOT_SYMBOLS, 400);
  return { id, version: version.version, originalVersion, metadata: readMetadata(metadata, originalVersion) };
}

/** The names in <packageTypes><packageType name="…"/>, such as SymbolsPackage for a .snupkg. */
function packageTypesOf(metadata: Record<string, unknown>): string[] {
  const types = metadata.packageTypes;
  if (!isRecord(types)) return [];
  const entries = Array.isArray(types.packageType) ? types.packageType : [types.packageType];
  return entries.flatMap((entry) =>
    isRecord(entry) && typeof entry["@_name"] === "string" ? [entry["@_name"].trim()] : [],
  );
}

function childOf(node: unknown, name: string): unknown {
  if (!isRecord(node)) return undefined;
  const child = node[name];
  if (Array.isArray(child)) throw new NupkgError(`The .nuspec has more than one <${name}> element.`, 400);
  return child;
}

function textOf(metadata: Record<string, unknown>, name: "id" | "version"): string {
  const node = childOf(metadata, name);
  const text = typeof node === "string" ? node : isRecord(node) ? node["#text"] : undefined;
  if (isRecord(node) && Object.keys(node).some((key) => !key.startsWith("@_") && key !== "#text")) {
    throw new NupkgError(`The <${name}> in the .nuspec must contain only text.`, 400);
  }
  const trimmed = typeof text === "string" ? text.trim() : "";
  if (trimmed === "") throw new NupkgError(`The .nuspec has no package ${name} in <metadata><${name}>.`, 400);
  return trimmed;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function xmlDetail(message: string): string {
  return quote(message.replace(/\s+/g, " ").replace(/\.$/, ""), 200);
}

function quote(text: string, max = QUOTE_MAX): string {
  const printable = text.replace(/[\u0000-\u001f\u007f]/g, "?");
  return printable.length > max ? `${printable.slice(0, max)}…` : printable;
}

function formatBytes(bytes: number): string {
  const units = ["bytes", "KiB", "MiB", "GiB"] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && value % 1024 === 0 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value} ${units[unit]}`;
}
