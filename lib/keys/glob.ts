import picomatch from "picomatch/posix";

export const GLOB_CHARS = /^[A-Za-z0-9._*-]+$/;
export const PACKAGE_ID_MAX = 100;

export type GlobCheck = { ok: true } | { ok: false; message: string };

export function validateGlob(glob: string): GlobCheck {
  if (glob.length === 0) return { ok: false, message: "Enter a glob pattern." };
  if (glob.length > PACKAGE_ID_MAX)
    return { ok: false, message: `A glob pattern can have at most ${PACKAGE_ID_MAX} characters.` };
  if (!GLOB_CHARS.test(glob)) {
    return { ok: false, message: "A glob pattern may use only letters, digits, '.', '_', '-' and '*'." };
  }
  return { ok: true };
}

// A literal anchor before pattern and id keeps picomatch from treating a leading '*' or '.' as a path segment start.
const ANCHOR = "x";
const PICOMATCH_OPTIONS = {
  nocase: true,
  dot: true,
  noextglob: true,
  nobrace: true,
  nobracket: true,
  noglobstar: true,
};
const compiled = new Map<string, (id: string) => boolean>();

/** `*` matches any run of characters (also none); everything else is literal; case is ignored. */
export function globMatches(glob: string, packageId: string): boolean {
  let matcher = compiled.get(glob);
  if (!matcher) {
    matcher = picomatch(ANCHOR + glob.replace(/\*+/g, "*"), PICOMATCH_OPTIONS);
    if (compiled.size > 1000) compiled.clear();
    compiled.set(glob, matcher);
  }
  return !packageId.includes("/") && matcher(ANCHOR + packageId);
}
