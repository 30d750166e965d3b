import type { Db } from "@/lib/db/client";
import { recordAudit } from "@/lib/db/audit";
import { isUniqueViolation } from "@/lib/db/packages";
import { warningCutoff } from "@/lib/keys/expiry";
import { deliverOutbox, mailTransport, queueKeyMail, type MailTransport } from "@/lib/mail/outbox";

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
  const keys = await db.apiKey.deleteMany({ where: { shortLived: true, expiresAt: { lte: now } } });
  const tokens = await db.usedOidcToken.deleteMany({ where: { expiresAt: { lte: now } } });
  return { shortLivedKeys: keys.count, usedTokens: tokens.count };
}
