import { ANY_RANGE } from "@/lib/nuget/version-range";
import { compareVersions, isPrerelease } from "@/lib/nuget/version";

/** An http(s) address safe to link to, or null for anything else (javascript:, data:, unreadable). */
export function safeWebUrl(text: string | null | undefined): string | null {
  if (!text) return null;
  try {
    const url = new URL(text);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}

/** A normalized NuGet range as nuget.org words it: "[1.0.0, )" is ">= 1.0.0"; any version is "". */
export function describeRange(range: string): string {
  if (range === ANY_RANGE || range === "") return "";
  const exact = /^\[([^,\]]+)\]$/.exec(range);
  if (exact) return `= ${exact[1]}`;
  const bounds = /^([[(])\s*([^,]*?)\s*,\s*([^\])]*?)\s*([\])])$/.exec(range);
  if (!bounds) return range;
  const [, open, low, high, close] = bounds;
  const parts = [
    low ? `${open === "[" ? ">=" : ">"} ${low}` : null,
    high ? `${close === "]" ? "<=" : "<"} ${high}` : null,
  ].filter((p) => p !== null);
  return parts.join(" && ");
}

/** The comma-separated authors of a nuspec as a list. */
export function splitList(text: string, separator: RegExp): string[] {
  return text
    .split(separator)
    .map((part) => part.trim())
    .filter(Boolean);
}

/** Versions newest first, by SemVer precedence. */
export function newestFirst<T extends { version: string }>(versions: T[]): T[] {
  return [...versions].sort((a, b) => compareVersions(b.version, a.version));
}

/** The version a package's page opens on: the newest listed stable one, else the newest listed, else the newest. */
export function defaultVersion<T extends { version: string; listed: boolean }>(versions: T[]): T | undefined {
  const sorted = newestFirst(versions);
  const listed = sorted.filter((v) => v.listed);
  return listed.find((v) => !isPrerelease(v.version)) ?? listed[0] ?? sorted[0];
}

export type InstallCommand = { tool: string; command: string };

/** How to install one version from this gallery, for each client nuget.org shows. */
export function installCommands(packageId: string, version: string, origin: string): InstallCommand[] {
  const source = `${origin}/v3/index.json`;
  return [
    { tool: ".NET CLI", command: `dotnet add package ${packageId} --version ${version} --source ${source}` },
    { tool: "NuGet CLI", command: `nuget install ${packageId} -Version ${version} -Source ${source}` },
    { tool: "PackageReference", command: `<PackageReference Include="${packageId}" Version="${version}" />` },
  ];
}
