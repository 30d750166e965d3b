// The outcomes of racing calls on one API key, and which of them are bugs.
import { KEY_NOT_FOUND } from "@/lib/api-keys/own-key";
import type { ApiReply } from "@/lib/nuget/service";

/** The push API's refusal of a secret that no longer opens any key. */
export const INVALID = /invalid: it does not exist, was deleted or was regenerated/;

export type Op = "regenerate" | "delete" | "push";
export type Outcome =
  | { op: "regenerate"; ok: true; secret: string }
  | { op: "regenerate" | "delete"; ok: false; error: string }
  | { op: "delete"; ok: true }
  | { op: "push"; reply: ApiReply }
  | { op: Op; rejected: string };

/** A rejection's code and cause, in one line. */
export function describeError(reason: unknown): string {
  const e = reason as { code?: string; message?: string };
  // Prisma messages quote the calling source; the last line is the cause.
  const last = String(e?.message ?? reason)
    .trim()
    .split("\n")
    .pop()
    ?.trim();
  return `${e?.code ? `[${e.code}] ` : ""}${last}`;
}

/** The outcomes a race must never produce: a rejection, an error other than "not found", a push refused otherwise. */
export function unexpected(outcomes: Outcome[]): string[] {
  const problems: string[] = [];
  for (const o of outcomes) {
    if ("rejected" in o) problems.push(`${o.op} rejected: ${o.rejected}`);
    else if ("error" in o && o.error !== KEY_NOT_FOUND) problems.push(`${o.op} failed: ${o.error}`);
    else if ("reply" in o && o.reply.status !== 201 && !(o.reply.status === 403 && INVALID.test(o.reply.message)))
      problems.push(`push answered ${o.reply.status} ${o.reply.message}`);
  }
  return problems;
}
