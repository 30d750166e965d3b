import type { Db } from "@/lib/db/client";
import { deleteExpiredShortLivedKeys } from "@/lib/db/api-keys";
import { recordAudit } from "@/lib/db/audit";
import { forgetKeys } from "@/lib/db/key-auth";
import { isUniqueViolation } from "@/lib/db/packages";
import { warningCutoff } from "@/lib/keys/expiry";
import { deliverOutbox, mailTransport, queueKeyMail, type MailTransport } from "@/lib/mail/outbox";
import { runOncePerPeriod, type JobRunOutcome } from "./single-run";

export type ExpiryRun = { expiring: number; expired: number; sent: number };
export type ExpiryOptions = { now?: Date; transport?: MailTransport | null };

/**
 * Mails each key's owner once when it enters the warning window and once when it has expired, and
 * records the expiry in the audit trail. Safe to run twice at once: the outbox's unique dedupe key
 * lets only one run queue each mail, and that run alone writes the audit event. Mails go out over the
 * given transport (SMTP_URL's by default).
 */
export async function runExpiryJob(
  db: Db,
  { now = new Date(), transport = mailTransport() }: ExpiryOptions = {},
): Promise<ExpiryRun> {
  const keys = await db.apiKey.findMany({
    where: {
      legacy: false,
      shortLived: false,
      revokedAt: null,
      expiresAt: { not: null, lte: warningCutoff(now) },
    },
    select: { id: true, name: true, creatorId: true, ownerId: true, expiresAt: true },
  });
  const run: ExpiryRun = { expiring: 0, expired: 0, sent: 0 };
  for (const key of keys) {
    const expiresAt = key.expiresAt!;
    const kind = expiresAt.getTime() <= now.getTime() ? "expired" : "expiring";
    try {
      await db.$transaction(async (tx) => {
        await queueKeyMail(
          tx,
          kind,
          key,
          { keyName: key.name, expiresAt },
          `${kind}:${key.id}:${expiresAt.toISOString()}`,
        );
        if (kind === "expired") {
          await recordAudit(tx, { action: "key.expire", accountId: key.ownerId, keyId: key.id, keyName: key.name });
        }
      });
      run[kind]++;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
  }
  run.sent = await deliverOutbox(db, transport);
  return run;
}

export type PurgeRun = { shortLivedKeys: number; usedTokens: number };

/** Deletes the Trusted Publishing keys that have expired and the used OIDC token ids that can no longer be replayed. */
export async function purgeExpiredShortLived(db: Db, now = new Date()): Promise<PurgeRun> {
  const keys = await db.$transaction((tx) => deleteExpiredShortLivedKeys(tx, now));
  forgetKeys(db, keys);
  const tokens = await db.usedOidcToken.deleteMany({ where: { expiresAt: { lte: now } } });
  return { shortLivedKeys: keys.length, usedTokens: tokens.count };
}

/** Schedulers may start the job on every instance: it runs at most once an hour across them. */
export const EXPIRY_JOB_PERIOD_MS = 60 * 60 * 1000;

/** The expiry job and the purge, as a scheduler starts them (POST /api/jobs/expiry, npm run jobs:expiry). */
export function runScheduledExpiryJob(
  db: Db,
  options: ExpiryOptions = {},
): Promise<JobRunOutcome<ExpiryRun & { purged: PurgeRun }>> {
  const now = options.now ?? new Date();
  return runOncePerPeriod(
    db,
    "expiry",
    EXPIRY_JOB_PERIOD_MS,
    async () => ({ ...(await runExpiryJob(db, { ...options, now })), purged: await purgeExpiredShortLived(db, now) }),
    now,
  );
}
