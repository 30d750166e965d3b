/** Key mails name the key and link to the page; they never hold a secret (SPEC 5.1). */
export type KeyMailKind = "created" | "deleted" | "revoked" | "expiring" | "expired";

export type KeyMailFacts = {
  keyName: string;
  ownerName: string;
  galleryUrl: string;
  expiresAt?: Date | null;
  actor?: string;
};

const DATE = new Intl.DateTimeFormat("en-US", { dateStyle: "long", timeStyle: "short", timeZone: "UTC" });

export function keyMail(kind: KeyMailKind, facts: KeyMailFacts): { subject: string; text: string } {
  const page = `${facts.galleryUrl}/account/apikeys`;
  const key = `"${facts.keyName}" (package owner ${facts.ownerName})`;
  const when = facts.expiresAt ? `${DATE.format(facts.expiresAt)} UTC` : "";
  const by = facts.actor ? ` by ${facts.actor}` : "";
  const bodies: Record<KeyMailKind, [string, string]> = {
    created: [
      `API key created: ${facts.keyName}`,
      `The API key ${key} was created${by}.${when ? ` It expires on ${when}.` : ""}`,
    ],
    deleted: [`API key deleted: ${facts.keyName}`, `The API key ${key} was deleted${by}. It no longer works.`],
    revoked: [`API key revoked: ${facts.keyName}`, `The API key ${key} was revoked${by}. It no longer works.`],
    expiring: [
      `API key expiring soon: ${facts.keyName}`,
      `The API key ${key} expires on ${when}. Regenerate it to keep pushing.`,
    ],
    expired: [
      `API key expired: ${facts.keyName}`,
      `The API key ${key} expired on ${when}. Regenerate it or delete it.`,
    ],
  };
  const [subject, body] = bodies[kind];
  return {
    subject,
    text: `${body}\n\nManage your API keys: ${page}\n\nIf you did not expect this, review your keys and revoke any you do not recognise.\n`,
  };
}
