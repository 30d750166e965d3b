import { compareVersions, isSemVer2, normalizeVersion } from "./version";

export type RangeResult = { ok: true; range: string; semVer2: boolean } | { ok: false };

/** Any version at all: what a dependency without a version allows. */
export const ANY_RANGE = "(, )";

/**
 * A NuGet version range ("1.0", "[1.0]", "(,2.0]", "[1.0,2.0)"; empty for any version) in the normalized form
 * nuget.org serves ("[1.0.0, )"), and whether one of its bounds needs SemVer 2.
 */
export function normalizeRange(input: string): RangeResult {
  const text = input.trim();
  if (text === "") return { ok: true, range: ANY_RANGE, semVer2: false };
  const first = text[0];
  const last = text[text.length - 1];
  if (first !== "[" && first !== "(") {
    const version = normalizeVersion(text);
    return version.ok ? { ok: true, range: `[${version.version}, )`, semVer2: isSemVer2(text) } : { ok: false };
  }
  if (last !== "]" && last !== ")") return { ok: false };
  const parts = text.slice(1, -1).split(",");
  if (parts.length > 2) return { ok: false };
  const [lowText = "", highText] = parts.map((p) => p.trim());
  if (highText === undefined) {
    // One version inside brackets is an exact match, and only "[x]" says so.
    const exact = normalizeVersion(lowText);
    if (first !== "[" || last !== "]" || !exact.ok) return { ok: false };
    return { ok: true, range: `[${exact.version}]`, semVer2: isSemVer2(lowText) };
  }
  const low = lowText === "" ? null : normalizeVersion(lowText);
  const high = highText === "" ? null : normalizeVersion(highText);
  if ((low && !low.ok) || (high && !high.ok)) return { ok: false };
  const lowVersion = low?.ok ? low.version : null;
  const highVersion = high?.ok ? high.version : null;
  if (lowVersion && highVersion) {
    const order = compareVersions(lowVersion, highVersion);
    if (order > 0 || (order === 0 && (first !== "[" || last !== "]"))) return { ok: false };
  }
  return {
    ok: true,
    range: `${first}${lowVersion ?? ""}, ${highVersion ?? ""}${last}`,
    semVer2: (lowText !== "" && isSemVer2(lowText)) || (highText !== "" && isSemVer2(highText)),
  };
}
