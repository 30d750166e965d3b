export const MAX_VERSION_LENGTH = 64;
export const MAX_VERSION_PART = 2147483647;

export type VersionResult = { ok: true; version: string } | { ok: false; message: string };

type ParsedVersion = { parts: [number, number, number, number]; prerelease: string[] };

type ParseResult = { ok: true; parsed: ParsedVersion } | { ok: false; reason: string };

const IDENTIFIER_RE = /^[0-9A-Za-z-]+$/;
const DIGITS_RE = /^[0-9]+$/;
const IDENTIFIER_CHARS = "letters, digits, '-' and '.'";

/** Parses a NuGet (SemVer 2, up to 4 numeric parts) version and returns its normalized form. */
export function normalizeVersion(input: string): VersionResult {
  const result = parseVersion(input);
  if (!result.ok) return { ok: false, message: `'${quoteVersion(input)}' is not a valid version: ${result.reason}.` };
  return { ok: true, version: formatVersion(result.parsed) };
}

/** SemVer precedence (release labels compared case-insensitively, as NuGet does); negative when a is older than b. */
export function compareVersions(a: string, b: string): number {
  const left = parseVersion(a);
  const right = parseVersion(b);
  // Unparsable strings are never stored; ordinal order keeps the comparator total anyway.
  if (!left.ok || !right.ok) {
    if (left.ok !== right.ok) return left.ok ? -1 : 1;
    return compareText(a, b);
  }
  for (let i = 0; i < 4; i++) {
    const diff = (left.parsed.parts[i] ?? 0) - (right.parsed.parts[i] ?? 0);
    if (diff !== 0) return sign(diff);
  }
  return comparePrerelease(left.parsed.prerelease, right.parsed.prerelease);
}

/**
 * Whether only SemVer 2 clients understand this version: a prerelease label with more than one part, or build
 * metadata (as NuGet decides it). False for a string that is not a version.
 */
export function isSemVer2(input: string): boolean {
  const result = parseVersion(input);
  return result.ok && (result.parsed.prerelease.length > 1 || input.includes("+"));
}

/** Whether a normalized version is a prerelease. */
export function isPrerelease(version: string): boolean {
  const plus = version.indexOf("+");
  return (plus === -1 ? version : version.slice(0, plus)).includes("-");
}

function parseVersion(input: string): ParseResult {
  if (input.length === 0) return fail("it is empty");
  if (input.length > MAX_VERSION_LENGTH) return fail(`it is longer than ${MAX_VERSION_LENGTH} characters`);
  if (/\s/.test(input)) return fail("it contains whitespace");

  const plus = input.indexOf("+");
  const withoutMetadata = plus === -1 ? input : input.slice(0, plus);
  if (plus !== -1) {
    const problem = checkIdentifiers(input.slice(plus + 1), "build metadata", false);
    if (problem) return fail(problem);
  }

  const dash = withoutMetadata.indexOf("-");
  const numeric = dash === -1 ? withoutMetadata : withoutMetadata.slice(0, dash);
  const prereleaseText = dash === -1 ? null : withoutMetadata.slice(dash + 1);
  if (prereleaseText !== null) {
    const problem = checkIdentifiers(prereleaseText, "prerelease label", true);
    if (problem) return fail(problem);
  }

  if (numeric === "") return fail("it has no version number");
  const texts = numeric.split(".");
  if (texts.length > 4) return fail("it has more than 4 numeric parts");
  const parts: [number, number, number, number] = [0, 0, 0, 0];
  for (const [i, text] of texts.entries()) {
    if (text === "") return fail("it has an empty numeric part");
    if (!DIGITS_RE.test(text)) return fail(`the part '${text}' is not a number`);
    const digits = text.replace(/^0+(?=.)/, "");
    const value = Number(digits);
    if (digits.length > 10 || value > MAX_VERSION_PART)
      return fail(`the part '${text}' is larger than ${MAX_VERSION_PART}`);
    parts[i] = value;
  }
  return { ok: true, parsed: { parts, prerelease: prereleaseText === null ? [] : prereleaseText.split(".") } };
}

function checkIdentifiers(text: string, label: string, strictNumbers: boolean): string | null {
  if (text === "") return `the ${label} is empty`;
  for (const identifier of text.split(".")) {
    if (identifier === "") return `the ${label} has an empty identifier`;
    if (!IDENTIFIER_RE.test(identifier)) return `the ${label} may only contain ${IDENTIFIER_CHARS}`;
    if (strictNumbers && identifier.length > 1 && DIGITS_RE.test(identifier) && identifier.startsWith("0"))
      return `the numeric identifier '${identifier}' in the ${label} has a leading zero`;
  }
  return null;
}

function formatVersion({ parts, prerelease }: ParsedVersion): string {
  const [major, minor, patch, revision] = parts;
  const core = revision === 0 ? `${major}.${minor}.${patch}` : `${major}.${minor}.${patch}.${revision}`;
  return prerelease.length === 0 ? core : `${core}-${prerelease.join(".")}`;
}

function comparePrerelease(a: string[], b: string[]): number {
  // A release sorts after any prerelease of the same numbers.
  if (a.length === 0 || b.length === 0) return sign(b.length - a.length);
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const diff = compareIdentifiers(a[i] ?? "", b[i] ?? "");
    if (diff !== 0) return diff;
  }
  return sign(a.length - b.length);
}

function compareIdentifiers(a: string, b: string): number {
  const aNumeric = DIGITS_RE.test(a);
  const bNumeric = DIGITS_RE.test(b);
  if (aNumeric && bNumeric) return sign(a.length - b.length) || compareText(a, b);
  if (aNumeric !== bNumeric) return aNumeric ? -1 : 1;
  return compareText(a.toLowerCase(), b.toLowerCase());
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sign(n: number): number {
  return n < 0 ? -1 : n > 0 ? 1 : 0;
}

function fail(reason: string): ParseResult {
  return { ok: false, reason };
}

function quoteVersion(input: string): string {
  return input.length > MAX_VERSION_LENGTH ? `${input.slice(0, MAX_VERSION_LENGTH)}…` : input;
}
