import { PACKAGE_ID_MAX } from "@/lib/keys/glob";
import { PACKAGE_ID_RE } from "@/lib/keys/schemas";
import { normalizeVersion } from "../version";

/** The lower-case id of a path segment, or null when it cannot be a package id (so the answer is a 404). */
export function idKeyOf(text: string): string | null {
  return text.length <= PACKAGE_ID_MAX && PACKAGE_ID_RE.test(text) ? text.toLowerCase() : null;
}

/** The lower-case normalized version of a path segment, or null when it is not a version. */
export function versionKeyOf(text: string): string | null {
  const result = normalizeVersion(text);
  return result.ok ? result.version.toLowerCase() : null;
}
