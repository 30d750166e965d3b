import type { Metadata } from "next";
import { PageTitle } from "@/components/page-title";
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { config } from "@/lib/config";
import { db } from "@/lib/db/client";
import { listOutbox } from "@/lib/db/outbox";
import { MailList } from "@/components/mail-list";

export const metadata: Metadata = { title: "Outbox (demo)" };

/** Demo mode only: the mails the gallery would have sent, since no SMTP server is configured. */
export default async function OutboxPage() {
  const user = await requireUser();
  if (!config.demoMode) notFound();
  const mails = await listOutbox(db, user.email);
  return (
    <div className="space-y-6">
      <PageTitle intro={<>Demo mode: the mails the gallery sent you, newest first. Set SMTP_URL to deliver them.</>}>
        Outbox
      </PageTitle>
      <MailList mails={mails} />
    </div>
  );
}
