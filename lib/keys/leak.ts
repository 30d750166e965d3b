const URL_MAX = 2048;

/** A reported leak location we may link to: an http(s) URL of sensible length, normalised; null otherwise. */
export function leakLink(raw: string | null | undefined): string | null {
  const url = raw?.trim();
  if (!url || url.length > URL_MAX) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
  } catch {
    return null;
  }
}
