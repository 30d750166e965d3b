import { findKeyFactsByHash, markKeyLeaked } from "@/lib/db/api-keys";
import { recordAudit } from "@/lib/db/audit";
import type { Db } from "@/lib/db/client";
import { forgetKey } from "@/lib/db/key-auth";
import { hashKey, parseKey } from "@/lib/keys/format";
import { leakLink } from "@/lib/keys/leak";
import { queueKeyMail } from "@/lib/mail/outbox";
import { ok, type Result } from "@/lib/result";

/** One match in GitHub's secret-scanning report. */
export type LeakReport = { token: string; type?: string; url?: string; source?: string };
export type LeakLabel = "true_positive" | "false_positive";
/** GitHub's expected answer per reported token. */
export type LeakVerdict = { token_raw: string; token_type: string; label: LeakLabel };

export const LEAK_REASON = "found in a public place";
const SOURCE_MAX = 100;

function leakReason(source: string | undefined): string {
  const where = source?.replace(/\s+/g, " ").trim().slice(0, SOURCE_MAX);
  return where ? `${LEAK_REASON} (GitHub: ${where})` : `${LEAK_REASON} (GitHub)`;
}

/**
 * Answers a secret scanner's report: every token that is one of our keys is a true positive, and a key
 * that still worked is revoked at once, with where it was found, an audit event and mail to the people
 * responsible. Reporting a key again changes nothing more.
 */
export async function reportLeakedKeys(
  db: Db,
  reports: LeakReport[],
  now = new Date(),
): Promise<Result<LeakVerdict[]>> {
  const verdicts: LeakVerdict[] = [];
  for (const report of reports) {
    const label = await handleReport(db, report, now);
    verdicts.push({ token_raw: report.token, token_type: report.type ?? "", label });
  }
  return ok(verdicts);
}

async function handleReport(db: Db, report: LeakReport, now: Date): Promise<LeakLabel> {
  const parsed = parseKey(report.token);
  if (!parsed.ok) return "false_positive";
  const key = await findKeyFactsByHash(db, hashKey(parsed.key));
  if (!key) return "false_positive";
  if (key.revokedAt || (key.expiresAt && key.expiresAt <= now)) return "true_positive";
  const url = leakLink(report.url);
  const reason = leakReason(report.source);
  try {
    await db.$transaction(async (tx) => {
      if (!(await markKeyLeaked(tx, key.id, { at: now, reason, url }))) return;
      await recordAudit(tx, {
        createdAt: now,
        action: "key.leaked",
        actorId: null,
        accountId: key.ownerId,
        keyId: key.id,
        keyName: key.name,
        detail: {
          url,
          source: report.source?.slice(0, SOURCE_MAX) ?? null,
          type: report.type?.slice(0, SOURCE_MAX) ?? null,
        },
      });
      await queueKeyMail(tx, "revoked", key, {
        keyName: key.name,
        reason: url ? `${reason}: ${url}` : reason,
      });
    });
  } finally {
    forgetKey(db, key.id);
  }
  return "true_positive";
}
