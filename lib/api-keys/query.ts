import * as z from "zod/mini";
import { isStorable } from "@/lib/text";

export const KEY_STATUSES = ["active", "expiring", "expired", "revoked"] as const;
export const KEY_SORTS = ["created", "expiry", "last-used", "name"] as const;
export const KEY_VIEWS = ["cards", "table"] as const;

export const KEY_STATUS_LABELS: Record<(typeof KEY_STATUSES)[number], string> = {
  active: "Active",
  expiring: "Expiring soon",
  expired: "Expired",
  revoked: "Revoked",
};
export const KEY_SORT_LABELS: Record<(typeof KEY_SORTS)[number], string> = {
  created: "Newest first",
  expiry: "Expiring first",
  "last-used": "Last used",
  name: "Name",
};

const one = (value: unknown) => (Array.isArray(value) ? undefined : value);

/** How the keys page is searched, filtered, sorted and shown; anything unreadable falls back to the default. */
export const keyQuerySchema = z.object({
  q: z.catch(
    z.pipe(z.transform(one), z.optional(z.string().check(z.trim(), z.maxLength(100), z.refine(isStorable)))),
    undefined,
  ),
  status: z.catch(z.pipe(z.transform(one), z.optional(z.enum(KEY_STATUSES))), undefined),
  owner: z.catch(
    z.pipe(z.transform(one), z.optional(z.string().check(z.maxLength(64), z.regex(/^[A-Za-z0-9_-]+$/)))),
    undefined,
  ),
  sort: z.catch(z.pipe(z.transform(one), z.optional(z.enum(KEY_SORTS))), undefined),
  view: z.catch(z.pipe(z.transform(one), z.optional(z.enum(KEY_VIEWS))), undefined),
});

export type KeyQuery = z.output<typeof keyQuerySchema>;

/** The query as URL parameters, without defaults, for links that keep it (paging, view switch). */
export function keyQueryParams(query: KeyQuery, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries({ ...query, ...extra })) if (value) params.set(name, String(value));
  const text = params.toString();
  return text ? `?${text}` : "";
}
