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
  });
  for (const to of recipients) {
    await db.outboxEmail.create({ data: { to, subject, text, dedupeKey: dedupe ? `${dedupe}:${to}` : null } });
  }
}

let current: { url: string; transport: MailTransport } | undefined;

/** The SMTP transport for this URL (SMTP_URL unless given), made once; null without a URL. */
export function mailTransport(url: string | undefined = env().SMTP_URL): MailTransport | null {
  if (!url) return null;
  if (current?.url !== url) current = { url, transport: nodemailer.createTransport(url) };
  return current.transport;
}

/**
 * Sends queued mails over SMTP (SMTP_URL's server unless another transport is given); without one they
 * stay in the outbox (shown in demo mode). Each row is claimed before sending, so two senders never send
 * the same mail.
 */
export async function deliverOutbox(db: Db, smtp: MailTransport | null = mailTransport()): Promise<number> {
  if (!smtp) return 0;
  const pending = await db.outboxEmail.findMany({ where: { sentAt: null }, orderBy: { createdAt: "asc" }, take: 100 });
  let sent = 0;
  for (const mail of pending) {
    const claimed = await db.outboxEmail.updateMany({
      where: { id: mail.id, sentAt: null },
      data: { sentAt: new Date() },
    });
    if (claimed.count === 0) continue;
    try {
      await smtp.sendMail({ from: env().MAIL_FROM, to: mail.to, subject: mail.subject, text: mail.text });
      sent++;
    } catch (error) {
      await db.outboxEmail.update({ where: { id: mail.id }, data: { sentAt: null } });
      console.error(`[mail] could not send "${mail.subject}" to ${mail.to}: ${(error as Error).message}`);
    }
  }
  return sent;
}

export type { KeyMailKind };
