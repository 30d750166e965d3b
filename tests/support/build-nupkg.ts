import { ZipFile } from "yazl";

export const NUSPEC_NAMESPACE = "http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd";

export type NuspecOptions = { id: string; version: string; authors?: string; description?: string };

export type BuildNupkgOptions = NuspecOptions & {
  /** Full nuspec text instead of the generated one. */
  nuspec?: string;
  /** Where the nuspec goes; null leaves it out. Defaults to `<id>.nuspec` at the root. */
  nuspecPath?: string | null;
  /** Extra entries, path to content; they replace default entries of the same path. */
  files?: Record<string, Buffer | string>;
};

// A fixed timestamp keeps builds byte-for-byte reproducible.
const MTIME = new Date(Date.UTC(2024, 0, 1));

const CONTENT_TYPES = [
  '<?xml version="1.0" encoding="utf-8"?>',
  '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">',
  '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml" />',
  '<Default Extension="nuspec" ContentType="application/octet" />',
  '<Default Extension="_" ContentType="application/octet" />',
  "</Types>",
].join("");

/** A standard nuspec (2013/05 schema) with the given metadata. */
export function nuspecXml({
  id,
  version,
  authors = "Contoso",
  description = `The ${id} package.`,
}: NuspecOptions): string {
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<package xmlns="${NUSPEC_NAMESPACE}">`,
    "  <metadata>",
    `    <id>${escapeXml(id)}</id>`,
    `    <version>${escapeXml(version)}</version>`,
    `    <authors>${escapeXml(authors)}</authors>`,
    `    <description>${escapeXml(description)}</description>`,
    "  </metadata>",
    "</package>",
    "",
  ].join("\n");
}

/** Builds a .nupkg as `dotnet pack` lays it out: nuspec, OPC parts and a lib folder. */
export async function buildNupkg(options: BuildNupkgOptions): Promise<Buffer> {
  const nuspecPath = options.nuspecPath === undefined ? `${options.id}.nuspec` : options.nuspecPath;
  const entries = new Map<string, Buffer | string>();
  if (nuspecPath !== null) entries.set(nuspecPath, options.nuspec ?? nuspecXml(options));
  entries.set("[Content_Types].xml", CONTENT_TYPES);
  entries.set("_rels/.rels", relsXml(nuspecPath ?? `${options.id}.nuspec`));
  entries.set("lib/net8.0/_._", "");
  for (const [path, content] of Object.entries(options.files ?? {})) entries.set(path, content);

  const zip = new ZipFile();
  for (const [path, content] of entries) {
    zip.addBuffer(typeof content === "string" ? Buffer.from(content, "utf8") : content, path, { mtime: MTIME });
  }
  zip.end();
  return collectStream(zip.outputStream);
}

/** A plain zip of the given entries, stored or deflated, without the package parts buildNupkg adds. */
export function zipOf(entries: Record<string, string | Buffer>, compress = true): Promise<Buffer> {
  const zip = new ZipFile();
  for (const [name, content] of Object.entries(entries)) {
    zip.addBuffer(typeof content === "string" ? Buffer.from(content) : content, name, { compress });
  }
  zip.end();
  return collectStream(zip.outputStream);
}

function relsXml(nuspecPath: string): string {
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">',
    `<Relationship Type="http://schemas.microsoft.com/packaging/2010/07/manifest" Target="/${escapeXml(nuspecPath)}" Id="R0000000000000001" />`,
    "</Relationships>",
  ].join("");
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

function collectStream(stream: NodeJS.ReadableStream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on("data", (chunk: Buffer) => chunks.push(chunk));
    stream.on("error", reject);
    stream.on("end", () => resolve(Buffer.concat(chunks)));
  });
}
