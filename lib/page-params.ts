import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { isStorable } from "@/lib/text";

type Raw = string | string[] | undefined;

/** A URL value a page may look things up by: one storable string of bounded length, or nothing. */
export function readParam(value: Raw, max = 64): string | undefined {
  if (value === undefined || value === "") return undefined;
  if (typeof value !== "string" || value.length > max || !isStorable(value)) notFound();
  return value;
}

/** A path segment that names something (still percent-encoded); anything no row could be named answers 404. */
export function requireParam(value: Raw, max = 64): string {
  if (typeof value !== "string") notFound();
  let decoded: string;
  try {
    decoded = decodeURIComponent(value);
  } catch {
    notFound();
  }
  return readParam(decoded, max) ?? notFound();
}

/** The page's request as far as its origin goes, for URLs shown to the person (the push source). */
export async function pageRequest(): Promise<Pick<Request, "headers" | "url">> {
  return { headers: await headers(), url: "http://localhost/" };
}
