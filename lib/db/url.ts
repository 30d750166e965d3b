/** Where the data lives when DATABASE_URL is unset (see lib/env.ts). */
export const DEFAULT_DATABASE_URL = "file:./data/gallery.db";

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url);
}
