import type { Db } from "./client";

/** The newest mails of the outbox, sent or not, for the demo outbox page. */
export function listOutbox(db: Db, take = 100) {
  return db.outboxEmail.findMany({
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take,
    select: { id: true, to: true, subject: true, text: true, createdAt: true, sentAt: true },
  });
}
