import type { Metadata } from "next";
import { PageTitle } from "@/components/page-title";
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { config } from "@/lib/config";
import { db } from "@/lib/db/client";
import { listOutbox } from "@/lib/db/outbox";
import { LocalTime } from "@/components/local-time";

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
      {mails.length === 0 ? (
        <p className="text-gray-600">No mail yet.</p>
      ) : (
        <ul className="space-y-3">
          {mails.map((m) => (
            <li key={m.id}>
              <article aria-label={m.subject} className="rounded-lg border border-gray-200 bg-white p-4 shadow-sm">
                <h2 className="font-semibold">{m.subject}</h2>
                <p className="text-xs text-gray-600">
                  To {m.to} · <LocalTime value={m.createdAt} /> · {m.sentAt ? "sent" : "not sent"}
                </p>
                <pre className="mt-2 font-sans text-sm whitespace-pre-wrap text-gray-800">{m.text}</pre>
              </article>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
