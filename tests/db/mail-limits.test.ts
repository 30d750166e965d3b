import nodemailer from "nodemailer";
import { describe, expect, it, vi } from "vitest";
import { deliverOutbox, MAILS_PER_RECIPIENT_PER_HOUR } from "@/lib/mail/outbox";
import { keyMail, SUBJECT_NAME_MAX } from "@/lib/mail/templates";
import { DATABASES, useTestDb } from "@/tests/support/test-db";

const HOUR = 60 * 60 * 1000;

/** A transport that keeps what it is asked to send. */
function recordingTransport() {
  const transport = nodemailer.createTransport({ jsonTransport: true });
  const send = vi.spyOn(transport, "sendMail");
  const sent = () => send.mock.calls.map(([mail]) => ({ to: String(mail.to), subject: String(mail.subject) }));
  return { transport, sent };
}

describe.each(DATABASES)("mail limits on %s", (kind) => {
  const t = useTestDb(kind);
  const queue = (to: string, count: number, at: Date) =>
    t.db.outboxEmail.createMany({
      data: Array.from({ length: count }, (_, i) => ({
        to,
        subject: `API key revoked: key ${i}`,
        text: `The API key "key ${i}" was revoked.`,
        createdAt: new Date(at.getTime() + i),
      })),
    });

  it("sends one person at most the hourly number of mails; the rest go as one digest, and later mails wait", async () => {
    const to = `flooded-${kind}-${Date.now()}@example.test`;
    const bystander = `bystander-${kind}-${Date.now()}@example.test`;
    const start = new Date("2026-06-01T10:00:00Z");
    await queue(to, 25, start);
    await queue(bystander, 2, start);
    const { transport, sent } = recordingTransport();

    expect(await deliverOutbox(t.db, transport, start)).toBe(MAILS_PER_RECIPIENT_PER_HOUR + 2);
    const toFlooded = sent().filter((m) => m.to === to);
    expect(toFlooded).toHaveLength(MAILS_PER_RECIPIENT_PER_HOUR);
    expect(toFlooded.at(-1)?.subject).toBe(
      `${25 - (MAILS_PER_RECIPIENT_PER_HOUR - 1)} notifications from the package gallery`,
    );
    expect(sent().filter((m) => m.to === bystander)).toHaveLength(2);
    expect(await t.db.outboxEmail.count({ where: { to, sentAt: null } })).toBe(0);

    await queue(to, 3, new Date(start.getTime() + 10 * 60_000));
    await deliverOutbox(t.db, transport, new Date(start.getTime() + 20 * 60_000));
    expect(sent().filter((m) => m.to === to)).toHaveLength(MAILS_PER_RECIPIENT_PER_HOUR);
    expect(await t.db.outboxEmail.count({ where: { to, sentAt: null } })).toBe(3);

    await deliverOutbox(t.db, transport, new Date(start.getTime() + HOUR + 60_000));
    expect(sent().filter((m) => m.to === to)).toHaveLength(MAILS_PER_RECIPIENT_PER_HOUR + 3);
  });

  it("puts the mails back when a digest cannot be sent", async () => {
    const to = `unlucky-${kind}-${Date.now()}@example.test`;
    const start = new Date("2026-06-02T10:00:00Z");
    await queue(to, MAILS_PER_RECIPIENT_PER_HOUR + 5, start);
    const { transport } = recordingTransport();
    vi.spyOn(transport, "sendMail").mockImplementation(async (mail) => {
      if (String(mail.subject).includes("notifications")) throw new Error("SMTP is down");
      return {} as never;
    });
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    await deliverOutbox(t.db, transport, start);
    expect(await t.db.outboxEmail.count({ where: { to, sentAt: null } })).toBe(6);
    expect(await t.db.outboxEmail.count({ where: { to, subject: { contains: "notifications" } } })).toBe(0);
    vi.restoreAllMocks();
  });
});

describe("key mail subjects", () => {
  const facts = { ownerName: "Contoso", galleryUrl: "https://gallery.example.com" };

  it("carry a bounded, one-line part of a name a user typed; the body has it whole", () => {
    const name = `${"Release pipeline ".repeat(15)}end`;
    const { subject, text } = keyMail("created", { ...facts, keyName: name });
    expect(subject.length).toBeLessThanOrEqual("API key created: ".length + SUBJECT_NAME_MAX);
    expect(subject.endsWith("…")).toBe(true);
    expect(text).toContain(name);
    expect(keyMail("revoked", { ...facts, keyName: "a\u2028b   c" }).subject).toBe("API key revoked: a b c");
  });

  it("say so when the gallery's public address is not configured", () => {
    expect(keyMail("created", { ...facts, keyName: "CI", galleryUrlConfigured: false }).text).toMatch(
      /has not set its public address, GALLERY_URL/,
    );
    expect(keyMail("created", { ...facts, keyName: "CI", galleryUrlConfigured: true }).text).not.toMatch(/GALLERY_URL/);
  });
});
