import { LocalTime } from "@/components/local-time";

type Mail = { id: string; to: string; subject: string; text: string; createdAt: Date; sentAt: Date | null };

const URL_PART = /(https?:\/\/[^\s]+)/;

/** A mail body with its links clickable, as a mail client shows them. */
function MailText({ text }: { text: string }) {
  return (
    <pre className="mt-2 font-sans text-sm break-words whitespace-pre-wrap text-gray-800">
      {text.split(URL_PART).map((part, i) =>
        i % 2 === 1 ? (
          <a key={i} href={part} className="text-brand break-all underline underline-offset-2">
            {part}
          </a>
        ) : (
          part
        ),
      )}
    </pre>
  );
}

/** The demo outbox's mails, newest first. */
export function MailList({ mails }: { mails: Mail[] }) {
  if (mails.length === 0) return <p className="text-gray-600">No mail yet.</p>;
  return (
    <ul className="space-y-3">
      {mails.map((m) => (
        <li key={m.id}>
          <article aria-label={m.subject} className="rounded-lg border border-gray-200 bg-white p-4 shadow-sm">
            <h2 className="font-semibold">{m.subject}</h2>
            <p className="text-xs text-gray-600">
              To {m.to} · <LocalTime value={m.createdAt} /> · {m.sentAt ? "sent" : "not sent"}
            </p>
            <MailText text={m.text} />
          </article>
        </li>
      ))}
    </ul>
  );
}
