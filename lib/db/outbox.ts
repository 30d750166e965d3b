import type { Db } from "./client";

/** The newest mails to this address, sent or not, for the demo outbox page. */
export function listOutbox(db: Db, to: string, take = 100) {
  return db.outboxEmail.findMany({
    where: { to: to.toLowerCase() },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take,
    select: { id: true, to: true, subject: true, text: true, createdAt: true, sentAt: true },
  });
}
