import { describe, expect, it, vi } from "vitest";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import {
  CONFIRM_FIRST,
  CONFIRM_LINK_DEAD,
  confirmEmail,
  requestEmailChange,
  resendConfirmation,
} from "@/lib/accounts/email-confirmation";
import { accountForGitHub, GITHUB_SKIPS_SECOND_FACTOR, verifiedGitHubEmails } from "@/lib/accounts/github";
import { requestPasswordReset, resetPassword } from "@/lib/accounts/password-reset";
import { register, REGISTRATION_CLOSED } from "@/lib/accounts/register";
import { registerSchema } from "@/lib/accounts/schemas";
import { findInvitationForRegistration, inviteMember, listMyInvitations } from "@/lib/organizations/invitations";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { findKeyByHash, forgetAllKeys } from "@/lib/db/key-auth";
import { checkKeyUsable } from "@/lib/keys/authorize";
import { mintKey } from "@/lib/keys/format";
import { createKeySchema } from "@/lib/keys/schemas";
import { makeOrganization, makeUser } from "@/tests/support/factories";
import { DATABASES, useTestDb } from "@/tests/support/test-db";

const PASSWORD = "correct horse battery staple";
const OPEN = { open: true, invitation: null };

const signUp = (username: string, email: string, password = PASSWORD) =>
  registerSchema.parse({ username, email, password, confirm: password });

describe.each(DATABASES)("sign-up and e-mail confirmation on %s", (kind) => {
  const t = useTestDb(kind);

  async function linkFor(email: string) {
    const mail = await t.db.outboxEmail.findFirstOrThrow({ where: { to: email }, orderBy: { createdAt: "desc" } });
    return mail.text.match(/confirm-email\?token=([A-Za-z0-9_-]+)/)![1]!;
  }
  const tag = () => Math.random().toString(36).slice(2, 8);
  const keyInput = (ownerId: string) =>
    createKeySchema.parse({
      name: "ci",
      ownerId,
      scopes: ["package:push"],
      packages: [],
      glob: "*",
      expiresInDays: 90,
    });

  it("creates an unconfirmed account, mails a 24-hour link, and keeps only the token's hash", async () => {
    const name = `New.User-${tag()}`;
    const email = `${name.toLowerCase()}@example.test`;
    const result = await register(t.db, signUp(name, email), OPEN);
    expect(result).toMatchObject({ ok: true, data: { confirmed: false } });
    const userId = result.ok ? result.data.userId : "";
    const user = await t.db.user.findUniqueOrThrow({ where: { id: userId }, include: { account: true } });
    expect(user).toMatchObject({ email, emailConfirmedAt: null, account: { username: name, kind: "user" } });
    expect(await verifyPassword(PASSWORD, user.passwordHash)).toBe(true);
    const token = await linkFor(email);
    const stored = await t.db.emailToken.findFirstOrThrow({ where: { userId } });
    expect(stored.tokenHash).not.toContain(token);
    expect(stored.expiresAt.getTime() - stored.createdAt.getTime()).toBe(24 * 3_600_000);
    const audit = await t.db.auditEvent.findMany({ where: { accountId: userId } });
    expect(audit.map((e) => e.action)).toContain("account.register");
    expect(JSON.stringify(audit)).not.toContain(token);
    expect(JSON.stringify(audit)).not.toContain(PASSWORD);
  });

  it("refuses a taken username in any case, and a taken address, naming the field", async () => {
    const name = `Taken${tag()}`;
    await register(t.db, signUp(name, `${name}@example.test`), OPEN);
    expect(await register(t.db, signUp(name.toUpperCase(), `other-${name}@example.test`), OPEN)).toMatchObject({
      ok: false,
      fieldErrors: { username: [expect.stringContaining("taken")] },
    });
    expect(await register(t.db, signUp(`other${tag()}`, `${name.toLowerCase()}@example.test`), OPEN)).toMatchObject({
      ok: false,
      fieldErrors: { email: [expect.stringContaining("exists")] },
    });
  });

  it("is refused while sign-up is closed, unless an invitation brought the person (and then needs no link)", async () => {
    const name = `Invited${tag()}`;
    const email = `${name.toLowerCase()}@example.test`;
    expect(await register(t.db, signUp(name, email), { open: false, invitation: null })).toEqual({
      ok: false,
      error: REGISTRATION_CLOSED,
    });
    expect(await t.db.account.count({ where: { usernameKey: name.toLowerCase() } })).toBe(0);
    const result = await register(t.db, signUp(name, email), {
      open: false,
      invitation: { id: "no-such-invitation", email },
    });
    expect(result).toMatchObject({ ok: true, data: { confirmed: true } });
    expect(await t.db.outboxEmail.count({ where: { to: email } })).toBe(0);
  });

  it("an invitation link lets a person in while sign-up is closed, and the invitation waits for them", async () => {
    const admin = await makeUser(t.db);
    const org = await makeOrganization(t.db, [[admin, "admin"]]);
    const invited = `invited-${tag()}@example.test`;
    expect(await inviteMember(t.db, admin, org, { who: invited, role: "collaborator" })).toMatchObject({ ok: true });
    const mail = await t.db.outboxEmail.findFirstOrThrow({ where: { to: invited } });
    const token = mail.text.match(/register\?invitation=([A-Za-z0-9_-]+)/)![1]!;
    const invitation = await findInvitationForRegistration(t.db, token);
    expect(invitation).toMatchObject({ email: invited });
    // They chose another address: it needs confirming, but the invitation is theirs already.
    const other = `chosen-${tag()}@example.test`;
    const result = await register(t.db, signUp(`Chosen${tag()}`, other), { open: false, invitation });
    expect(result).toMatchObject({ ok: true, data: { confirmed: false } });
    const userId = result.ok ? result.data.userId : "";
    expect((await listMyInvitations(t.db, userId)).map((i) => i.id)).toEqual([invitation!.id]);
    expect(await t.db.membership.count({ where: { organizationId: org, userId } })).toBe(0);
  });

  it("refuses keys and pushes until the address is confirmed, then allows them", async () => {
    const name = `Pending${tag()}`;
    const email = `${name.toLowerCase()}@example.test`;
    const result = await register(t.db, signUp(name, email), OPEN);
    const userId = result.ok ? result.data.userId : "";
    expect(await createApiKey(t.db, userId, keyInput(userId))).toEqual({ ok: false, error: CONFIRM_FIRST });
    expect(await t.db.apiKey.count({ where: { creatorId: userId } })).toBe(0);
    // A key that exists anyway (made before an address change was undone, or by an operator) pushes nothing.
    const { hash, hint } = mintKey();
    await t.db.apiKey.create({
      data: {
        name: "old",
        ownerId: userId,
        creatorId: userId,
        hash,
        hint,
        glob: "*",
        scopes: { create: [{ scope: "package:push" }] },
      },
    });
    forgetAllKeys(t.db);
    const found = await findKeyByHash(t.db, hash);
    expect(checkKeyUsable(found!, new Date())).toMatchObject({ allow: false, rule: "unconfirmed" });

    expect(await confirmEmail(t.db, await linkFor(email))).toEqual({ ok: true, data: { email, purpose: "confirm" } });
    forgetAllKeys(t.db);
    expect(checkKeyUsable((await findKeyByHash(t.db, hash))!, new Date())).toBeNull();
    expect(await createApiKey(t.db, userId, keyInput(userId))).toMatchObject({ ok: true });
  });

  it("confirms once; a resent link retires the older one; a day-old link is dead", async () => {
    const name = `Resend${tag()}`;
    const email = `${name.toLowerCase()}@example.test`;
    const start = new Date(Date.now() - 25 * 3_600_000);
    const result = await register(t.db, signUp(name, email), OPEN, start);
    const userId = result.ok ? result.data.userId : "";
    const stale = await linkFor(email);
    expect(await confirmEmail(t.db, stale)).toEqual({ ok: false, error: CONFIRM_LINK_DEAD });
    expect(await resendConfirmation(t.db, userId)).toEqual({ ok: true, data: undefined });
    const first = await linkFor(email);
    await resendConfirmation(t.db, userId);
    const second = await linkFor(email);
    expect(await confirmEmail(t.db, first)).toEqual({ ok: false, error: CONFIRM_LINK_DEAD });
    expect(await confirmEmail(t.db, second)).toMatchObject({ ok: true });
    expect(await confirmEmail(t.db, second)).toEqual({ ok: false, error: CONFIRM_LINK_DEAD });
    expect(await resendConfirmation(t.db, userId)).toMatchObject({
      ok: false,
      error: expect.stringContaining("already"),
    });
  });

  it("moves to a new address only once it is confirmed there, telling the old one", async () => {
    const user = await makeUser(t.db);
    const { email: old } = await t.db.user.findUniqueOrThrow({ where: { id: user } });
    await t.db.user.update({ where: { id: user }, data: { passwordHash: await hashPassword(PASSWORD) } });
    const next = `moved-${user}@example.test`;
    expect(await requestEmailChange(t.db, user, { email: next, password: "wrong password!" })).toMatchObject({
      ok: false,
      fieldErrors: { password: [expect.any(String)] },
    });
    expect(await requestEmailChange(t.db, user, { email: next, password: PASSWORD })).toEqual({
      ok: true,
      data: undefined,
    });
    expect((await t.db.user.findUniqueOrThrow({ where: { id: user } })).email).toBe(old);
    expect(await t.db.outboxEmail.count({ where: { to: old, subject: { contains: "change" } } })).toBe(1);
    expect(await confirmEmail(t.db, await linkFor(next))).toEqual({
      ok: true,
      data: { email: next, purpose: "email-change" },
    });
    expect((await t.db.user.findUniqueOrThrow({ where: { id: user } })).email).toBe(next);
    expect(await t.db.outboxEmail.count({ where: { to: old, subject: { contains: "was changed" } } })).toBe(1);
  });

  it("answers the same for an address another account has, and mails that account instead of a link", async () => {
    const user = await makeUser(t.db);
    const other = await makeUser(t.db);
    const { email: taken } = await t.db.user.findUniqueOrThrow({ where: { id: other } });
    await t.db.user.update({ where: { id: user }, data: { passwordHash: await hashPassword(PASSWORD) } });
    expect(await requestEmailChange(t.db, user, { email: taken, password: PASSWORD })).toEqual({
      ok: true,
      data: undefined,
    });
    const mail = await t.db.outboxEmail.findFirstOrThrow({ where: { to: taken } });
    expect(mail.text).not.toContain("confirm-email?token=");
    expect(await t.db.emailToken.count({ where: { userId: user, email: taken } })).toBe(0);
  });

  it("GitHub: signs in by a verified address, creates a confirmed account only while sign-up is open", async () => {
    const login = `octo${tag()}`;
    const email = `${login}@users.example.test`;
    expect(await accountForGitHub(t.db, { login, emails: [email] }, { open: false })).toEqual({
      ok: false,
      error: REGISTRATION_CLOSED,
    });
    const created = await accountForGitHub(t.db, { login, emails: [email] }, { open: true });
    expect(created).toMatchObject({ ok: true, data: { created: true } });
    const userId = created.ok ? created.data.userId : "";
    expect(await t.db.user.findUniqueOrThrow({ where: { id: userId } })).toMatchObject({
      email,
      emailConfirmedAt: expect.any(Date),
    });
    expect(await accountForGitHub(t.db, { login, emails: [email] }, { open: false })).toEqual({
      ok: true,
      data: { userId, created: false },
    });
    // The login is taken by now: the next person with it gets a numbered name.
    const twin = await accountForGitHub(t.db, { login, emails: [`twin-${email}`] }, { open: true });
    const twinAccount = await t.db.account.findUniqueOrThrow({ where: { id: twin.ok ? twin.data.userId : "" } });
    expect(twinAccount.username).toBe(`${login}-2`);
    expect(await accountForGitHub(t.db, { login, emails: [] }, { open: true })).toMatchObject({ ok: false });
    await t.db.user.update({ where: { id: userId }, data: { totpEnabledAt: new Date() } });
    expect(await accountForGitHub(t.db, { login, emails: [email] }, { open: true })).toEqual({
      ok: false,
      error: GITHUB_SKIPS_SECOND_FACTOR,
    });
  });
});

describe.each(DATABASES)("mailed tokens on %s", (kind) => {
  const t = useTestDb(kind);

  it("never reach a log line or the audit trail, from sign-up to confirmation to a reset", async () => {
    const logged: string[] = [];
    const spies = (["log", "info", "warn", "error", "debug"] as const).map((level) =>
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void logged.push(args.join(" "))),
    );
    try {
      const name = `Quiet${Math.random().toString(36).slice(2, 8)}`;
      const email = `${name.toLowerCase()}@example.test`;
      await register(t.db, signUp(name, email), OPEN);
      await requestPasswordReset(t.db, email);
      const mails = await t.db.outboxEmail.findMany({ where: { to: email } });
      const tokens = mails.flatMap((m) => [...m.text.matchAll(/token=([A-Za-z0-9_-]+)/g)].map((x) => x[1]!));
      expect(tokens).toHaveLength(2);
      await confirmEmail(t.db, tokens[0]!);
      await confirmEmail(t.db, tokens[0]!);
      await resetPassword(t.db, { token: tokens[1]!, password: "a new long passphrase" });
      const audit = JSON.stringify(await t.db.auditEvent.findMany());
      for (const token of tokens) {
        expect(logged.join("\n")).not.toContain(token);
        expect(audit).not.toContain(token);
      }
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  });
});

describe("GitHub's verified addresses", () => {
  const answer = (status: number, body: unknown) => async () => new Response(JSON.stringify(body), { status });

  it("keeps verified addresses only, primary first, and none when GitHub refuses", async () => {
    const emails = [
      { email: "Unverified@x.test", verified: false, primary: false },
      { email: "second@x.test", verified: true, primary: false },
      { email: "Primary@x.test", verified: true, primary: true },
    ];
    expect(await verifiedGitHubEmails("token", answer(200, emails))).toEqual(["primary@x.test", "second@x.test"]);
    expect(await verifiedGitHubEmails("token", answer(401, { message: "Bad credentials" }))).toEqual([]);
    expect(await verifiedGitHubEmails(undefined, answer(200, emails))).toEqual([]);
  });
});
