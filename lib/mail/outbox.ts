import "server-only";
import nodemailer, { type Transporter } from "nodemailer";
import type { Db, Tx } from "@/lib/db/client";
import { env } from "@/lib/env";
import { keyMail, type KeyMailFacts, type KeyMailKind } from "./templates";

export type MailTransport = Transporter;

/** The gallery's address in mails: GALLERY_URL, or this server on localhost when it is unset. */
export function galleryBaseUrl(): string {
  return env().GALLERY_URL ?? `http://localhost:${env().PORT}`;
}

/** Who hears about a key: its creator and, for an organization's key, the organization's admins. */
export async function keyMailRecipients(db: Db | Tx, key: { creatorId: string; ownerId: string }): Promise<string[]> {
  // One query at a time: inside a transaction they share one connection.
  const creator = await db.user.findUnique({ where: { id: key.creatorId }, select: { email: true } });
  const admins =
    key.ownerId === key.creatorId
      ? []
      : await db.membership.findMany({
          where: { organizationId: key.ownerId, role: "admin" },
          select: { user: { select: { email: true } } },
        });
  return [...new Set([creator?.email, ...admins.map((a) => a.user.email)].filter((e): e is string => Boolean(e)))];
}

/**
 * Queues a key mail in the outbox inside the caller's transaction, one row per recipient, so the mail
 * exists exactly when the change does. With a dedupe key a second queueing of the same mail is refused.
 */
export async function queueKeyMail(
  db: Db | Tx,
  kind: KeyMailKind,
  key: { creatorId: string; ownerId: string },
  facts: Omit<KeyMailFacts, "galleryUrl" | "ownerName">,
  dedupe?: string,
): Promise<void> {
  const recipients = await keyMailRecipients(db, key);
  const owner = await db.account.findUnique({ where: { id: key.ownerId }, select: { username: true } });
  const { subject, text } = keyMail(kind, {
    ...facts,
    ownerName: owner?.username ?? "unknown",
    galleryUrl: galleryBaseUrl(),
    galleryUrlConfigured: env().GALLERY_URL !== undefined,
  });
  for (const to of recipients) {
    await db.outboxEmail.create({ data: { to, subject, text, dedupeKey: dedupe ? `${dedupe}:${to}` : null } });
  }
}

/** Queues one mail in the caller's transaction, so it exists exactly when the change does. */
export async function queueMail(db: Db | Tx, to: string, mail: { subject: string; text: string }): Promise<void> {
  await db.outboxEmail.create({ data: { to, subject: mail.subject, text: mail.text } });
}

let current: { url: string; transport: MailTransport } | undefined;

/** The SMTP transport for this URL (SMTP_URL unless given), made once; null without a URL. */
export function mailTransport(url: string | undefined = env().SMTP_URL): MailTransport | null {
  if (!url) return null;
  if (current?.url !== url) current = { url, transport: nodemailer.createTransport(url) };
  return current.transport;
}

/** At most this many mails reach one person in an hour; what comes after waits and goes as one digest. */
export const MAILS_PER_RECIPIENT_PER_HOUR = 10;
const HOUR_MS = 60 * 60 * 1000;

type Mail = { id: string; to: string; subject: string; text: string };

/**
 * Sends queued mails over SMTP (SMTP_URL's server unless another transport is given); without one they
 * stay in the outbox (shown in demo mode). Each row is claimed before sending, so two senders never send
 * the same mail. Nobody gets more than MAILS_PER_RECIPIENT_PER_HOUR mails an hour: once a person's budget
 * is down to one, everything still waiting for them goes in a single digest.
 */
export async function deliverOutbox(
  db: Db,
  smtp: MailTransport | null = mailTransport(),
  now = new Date(),
): Promise<number> {
  if (!smtp) return 0;
  const pending = await db.outboxEmail.findMany({
    where: { sentAt: null },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: 500,
    select: { id: true, to: true, subject: true, text: true },
  });
  const byRecipient = new Map<string, Mail[]>();
  for (const mail of pending) byRecipient.set(mail.to, [...(byRecipient.get(mail.to) ?? []), mail]);
  let sent = 0;
  for (const [to, mails] of byRecipient) {
    // A digest counts once: the mails it carried are not counted on their own.
    const recent = await db.outboxEmail.count({
      where: { to, digestId: null, sentAt: { gt: new Date(now.getTime() - HOUR_MS) } },
    });
    const budget = MAILS_PER_RECIPIENT_PER_HOUR - recent;
    if (budget <= 0) continue;
    const single = mails.length <= budget ? mails : mails.slice(0, budget - 1);
    for (const mail of single) if (await sendOne(db, smtp, mail, now)) sent++;
    const rest = mails.slice(single.length);
    if (rest.length > 0 && (await sendDigest(db, smtp, to, rest, now))) sent++;
  }
  return sent;
}

async function sendOne(db: Db, smtp: MailTransport, mail: Mail, now: Date): Promise<boolean> {
  const claimed = await db.outboxEmail.updateMany({ where: { id: mail.id, sentAt: null }, data: { sentAt: now } });
  if (claimed.count === 0) return false;
  try {
    await smtp.sendMail({ from: env().MAIL_FROM, to: mail.to, subject: mail.subject, text: mail.text });
    return true;
  } catch (error) {
    await db.outboxEmail.update({ where: { id: mail.id }, data: { sentAt: null } });
    console.error(`[mail] could not send "${mail.subject}" to ${mail.to}: ${(error as Error).message}`);
    return false;
  }
}

/** Sends the waiting mails as one digest row; they are marked as carried by it, and released if sending fails. */
async function sendDigest(db: Db, smtp: MailTransport, to: string, mails: Mail[], now: Date): Promise<boolean> {
  const ids = mails.map((m) => m.id);
  const subject = `${mails.length} notifications from the package gallery`;
  const text =
    `You had more than ${MAILS_PER_RECIPIENT_PER_HOUR} notifications within an hour, so the rest come together:\n\n` +
    mails.map((m) => `— ${m.subject}\n\n${m.text}`).join("\n");
  const digest = await db
    .$transaction(async (tx) => {
      const row = await tx.outboxEmail.create({ data: { to, subject, text, sentAt: now }, select: { id: true } });
      const claimed = await tx.outboxEmail.updateMany({
        where: { id: { in: ids }, sentAt: null },
        data: { sentAt: now, digestId: row.id },
      });
      if (claimed.count !== ids.length) throw new DigestRaced();
      return row;
    })
    .catch((error: unknown) => {
      if (error instanceof DigestRaced) return null;
      throw error;
    });
  if (!digest) return false;
  try {
    await smtp.sendMail({ from: env().MAIL_FROM, to, subject, text });
    return true;
  } catch (error) {
    await db.$transaction([
      db.outboxEmail.updateMany({ where: { digestId: digest.id }, data: { sentAt: null, digestId: null } }),
      db.outboxEmail.delete({ where: { id: digest.id } }),
    ]);
    console.error(`[mail] could not send a digest to ${to}: ${(error as Error).message}`);
    return false;
  }
}

/** Another sender took some of these mails first; this run leaves them to it. */
class DigestRaced extends Error {}

export type { KeyMailKind };
