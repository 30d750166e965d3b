import type { AddressInfo } from "node:net";
import { regenerateApiKey } from "@/lib/api-keys/regenerate-api-key";
import { revokeApiKey } from "@/lib/api-keys/revoke-api-key";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

import { runExpiryJob } from "@/lib/jobs/expiry";
import { deliverOutbox, mailTransport, type MailTransport } from "@/lib/mail/outbox";
import { createKeyViaForm, emailOf, makeKey, makeTeam, makeUser } from "@/tests/support/factories";
import { DATABASES, useTestDb } from "@/tests/support/test-db";

type Received = { to: string; subject: string; raw: string };
const DAY = 86_400_000;

/** A real SMTP server on loopback that keeps every message it is sent. */
async function startSmtp(): Promise<{ received: Received[]; url: string; close: () => Promise<void> }> {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, session, callback) {
      let raw = "";
      stream.on("data", (chunk: Buffer) => (raw += chunk.toString("utf8")));
      stream.on("end", () => {
        const subject = raw.match(/^Subject: (.*)$/m)?.[1]?.trim() ?? "";
        for (const rcpt of session.envelope.rcptTo) received.push({ to: rcpt.address, subject, raw });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;
  return { received, url: `smtp://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) };
}

describe.each(DATABASES)("mail and the expiry job on %s", (kind) => {
  const t = useTestDb(kind);
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let transport: MailTransport | null;
  const secrets: string[] = [];
  const logs: string[] = [];

  beforeAll(async () => {
    smtp = await startSmtp();
    transport = mailTransport(smtp.url);
    for (const method of ["log", "error", "warn", "info"] as const) {
      const original = console[method];
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        logs.push(args.map(String).join(" "));
        original(...args);
      });
    }
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    transport?.close();
    await smtp?.close();
  });

  it("mails the creator and the organization's admins when an organization key is created and revoked", async () => {
    const { org, admin, collaborator } = await makeTeam(t.db);
    const created = await createKeyViaForm(t.db, collaborator, org, {
      name: "Org deploy",
      scopes: ["package:push"],
      packages: [],
      glob: "Org.*",
    });
    secrets.push(created.secret);
    await revokeApiKey(t.db, collaborator, created.key.id);
    await deliverOutbox(t.db, transport);
    const about = smtp.received.filter((m) => m.subject.endsWith("Org deploy"));
    expect(about.map((m) => `${m.subject} -> ${m.to}`).sort()).toEqual(
      [
        `API key created: Org deploy -> ${await emailOf(t.db, admin)}`,
        `API key created: Org deploy -> ${await emailOf(t.db, collaborator)}`,
        `API key revoked: Org deploy -> ${await emailOf(t.db, admin)}`,
        `API key revoked: Org deploy -> ${await emailOf(t.db, collaborator)}`,
      ].sort(),
    );
    expect(about[0]!.raw).toContain("/account/apikeys");
  });

  it("sends each expiry mail once per key even when two runs overlap", async () => {
    const user = await makeUser(t.db);
    const soon = await makeKey(t.db, user, { name: "Expiring soon" });
    const gone = await makeKey(t.db, user, { name: "Already expired" });
    const later = await makeKey(t.db, user, { name: "Far from expiry" });
    secrets.push(soon.secret, gone.secret, later.secret);
    const now = Date.now();
    await t.db.apiKey.update({ where: { id: soon.id }, data: { expiresAt: new Date(now + 5 * DAY) } });
    await t.db.apiKey.update({ where: { id: gone.id }, data: { expiresAt: new Date(now - DAY) } });

    const before = smtp.received.length;
    await Promise.all([runExpiryJob(t.db, { transport }), runExpiryJob(t.db, { transport })]);
    await runExpiryJob(t.db, { transport });
    const mine = smtp.received
      .slice(before)
      .filter((m) => m.subject.match(/Expiring soon|Already expired|Far from expiry/));
    expect(mine.map((m) => m.subject).sort()).toEqual([
      "API key expired: Already expired",
      "API key expiring soon: Expiring soon",
    ]);
    expect(await t.db.auditEvent.count({ where: { keyId: gone.id, action: "key.expire" } })).toBe(1);
    expect(await t.db.outboxEmail.count({ where: { sentAt: null } })).toBe(0);
  });

  it("a regenerated key is mailed about again when its new period nears its end", async () => {
    const user = await makeUser(t.db);
    const key = await makeKey(t.db, user, { name: "Renewed" });
    await t.db.apiKey.update({
      where: { id: key.id },
      data: { durationDays: 90, expiresAt: new Date(Date.now() + 2 * DAY) },
    });
    await runExpiryJob(t.db, { transport });
    // Regenerated 85 days ago with a 90-day period: inside the warning window again, with a new expiry.
    const regenerated = await regenerateApiKey(t.db, user, key.id, new Date(Date.now() - 85 * DAY));
    if (!regenerated.ok) throw new Error(regenerated.error);
    secrets.push(regenerated.data.secret);
    await runExpiryJob(t.db, { transport });
    expect(smtp.received.filter((m) => m.subject === "API key expiring soon: Renewed")).toHaveLength(2);
  });

  it("no secret issued here appears in the audit trail, the outbox, the mails or the logs", async () => {
    expect(secrets.length).toBeGreaterThan(3);
    const audit = JSON.stringify(await t.db.auditEvent.findMany());
    const outbox = JSON.stringify(await t.db.outboxEmail.findMany());
    const mails = smtp.received.map((m) => m.raw).join("\n");
    for (const secret of secrets) {
      for (const [where, text] of Object.entries({ audit, outbox, mails, logs: logs.join("\n") })) {
        expect(text.includes(secret), `secret found in ${where}`).toBe(false);
      }
    }
  });
});
