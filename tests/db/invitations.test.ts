import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { assignInvitation } from "@/lib/db/invitations";
import {
  acceptInvitation,
  cancelInvitation,
  declineInvitation,
  findInvitationForRegistration,
  INVITATION_ACCEPTED,
  INVITATION_CANCELLED,
  INVITATION_DAYS,
  INVITATION_DECLINED,
  INVITATION_EXPIRED,
  INVITATION_NOT_FOUND,
  inviteMember,
  listMyInvitations,
  listPendingInvitations,
} from "@/lib/organizations/invitations";
import { emailOf, makeTeam, makeUser } from "@/tests/support/factories";
import { DATABASES, useTestDb } from "@/tests/support/test-db";

const DAY = 86_400_000;
const newAddress = () => `newcomer-${randomBytes(4).toString("hex")}@example.test`;

describe.each(DATABASES)("invitations on %s", (kind) => {
  const t = useTestDb(kind);

  const usernameOf = async (id: string) => (await t.db.account.findUniqueOrThrow({ where: { id } })).username;
  const memberships = (org: string) =>
    t.db.membership.findMany({ where: { organizationId: org }, orderBy: { userId: "asc" } });
  const mailsTo = (to: string) => t.db.outboxEmail.findMany({ where: { to }, orderBy: { createdAt: "asc" } });
  const tokenIn = (text: string) => text.match(/\/register\?invitation=([A-Za-z0-9_-]+)/)?.[1];
  const onlyInvitation = async (userId: string) => {
    const mine = await listMyInvitations(t.db, userId);
    expect(mine).toHaveLength(1);
    return mine[0]!;
  };

  it("answers the same whether or not the address has an account; only the mail differs, and nobody joins yet", async () => {
    const { org, admin, collaborator } = await makeTeam(t.db);
    const holder = await makeUser(t.db);
    const known = await emailOf(t.db, holder);
    const unknown = newAddress();
    const before = await memberships(org);

    const answers = [
      await inviteMember(t.db, admin, org, { who: known.toUpperCase(), role: "collaborator" }),
      await inviteMember(t.db, admin, org, { who: unknown, role: "collaborator" }),
    ];
    expect(answers).toEqual([
      { ok: true, data: { invitee: known } },
      { ok: true, data: { invitee: unknown } },
    ]);
    expect(await memberships(org)).toEqual(before);

    const audit = await t.db.auditEvent.findMany({ where: { accountId: org, action: "invitation.create" } });
    const details = audit.map((e) => JSON.parse(e.detail!) as Record<string, unknown>);
    expect(details.map((d) => Object.keys(d).sort())).toEqual([
      ["invitationId", "invitee", "role"],
      ["invitationId", "invitee", "role"],
    ]);
    expect(details.map((d) => d.invitee).sort()).toEqual([known, unknown].sort());
    const pending = await listPendingInvitations(t.db, admin, org);
    expect(pending?.map((p) => [p.invitee, p.role, p.invitedBy]).sort()).toEqual(
      [
        [known, "collaborator", await usernameOf(admin)],
        [unknown, "collaborator", await usernameOf(admin)],
      ].sort(),
    );
    expect(await listPendingInvitations(t.db, collaborator, org)).toBeNull();

    const [toHolder] = await mailsTo(known);
    expect(toHolder?.subject).toMatch(/^You are invited to join org\w+ on the Package Gallery$/);
    expect(toHolder?.text).toContain("/invitations");
    expect(tokenIn(toHolder!.text)).toBeUndefined();
    const [toNewcomer] = await mailsTo(unknown);
    expect(toNewcomer?.subject).toBe(toHolder?.subject);
    const token = tokenIn(toNewcomer!.text);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await findInvitationForRegistration(t.db, token!)).toEqual({
      id: expect.any(String),
      email: unknown,
      organization: await usernameOf(org),
    });
  });

  it("the link's token appears in its mail body and nowhere else: not stored, not audited, not in a subject", async () => {
    const { org, admin } = await makeTeam(t.db);
    const address = newAddress();
    await inviteMember(t.db, admin, org, { who: address, role: "admin" });
    const [mail] = await mailsTo(address);
    const token = tokenIn(mail!.text)!;
    const invitation = await t.db.invitation.findFirstOrThrow({ where: { email: address } });
    expect(JSON.stringify(invitation)).not.toContain(token);
    expect(JSON.stringify(await t.db.auditEvent.findMany())).not.toContain(token);
    const outbox = await t.db.outboxEmail.findMany();
    expect(outbox.filter((m) => m.text.includes(token)).map((m) => m.id)).toEqual([mail!.id]);
    expect(outbox.some((m) => m.subject.includes(token) || m.to.includes(token))).toBe(false);
    expect(await findInvitationForRegistration(t.db, "x".repeat(43))).toBeNull();
  });

  it("accepting joins with the invited role once; the inviter hears of it; a second accept is refused", async () => {
    const { org, admin } = await makeTeam(t.db);
    const invitee = await makeUser(t.db);
    const name = await usernameOf(invitee);
    expect(await inviteMember(t.db, admin, org, { who: name.toUpperCase(), role: "admin" })).toEqual({
      ok: true,
      data: { invitee: name },
    });
    const invitation = await onlyInvitation(invitee);
    expect(invitation).toMatchObject({
      organization: await usernameOf(org),
      role: "admin",
      invitedBy: await usernameOf(admin),
    });
    expect(invitation.expiresAt.getTime() - Date.now()).toBeGreaterThan((INVITATION_DAYS - 1) * DAY);

    expect(await acceptInvitation(t.db, invitee, invitation.id)).toEqual({
      ok: true,
      data: { organization: await usernameOf(org) },
    });
    expect((await memberships(org)).find((m) => m.userId === invitee)?.role).toBe("admin");
    expect(await acceptInvitation(t.db, invitee, invitation.id)).toEqual({ ok: false, error: INVITATION_ACCEPTED });
    expect(await declineInvitation(t.db, invitee, invitation.id)).toEqual({ ok: false, error: INVITATION_ACCEPTED });
    expect(await t.db.membership.count({ where: { organizationId: org, userId: invitee } })).toBe(1);
    expect(await listMyInvitations(t.db, invitee)).toEqual([]);
    expect(await listPendingInvitations(t.db, admin, org)).toEqual([]);
    const accepted = await t.db.auditEvent.findMany({ where: { accountId: org, action: "invitation.accept" } });
    expect(accepted.map((e) => e.actorId)).toEqual([invitee]);
    const [told] = await t.db.outboxEmail.findMany({
      where: { to: await emailOf(t.db, admin), subject: { contains: "joined" } },
    });
    expect(told?.subject).toBe(`${name} joined ${await usernameOf(org)}`);
  });

  it("declining, cancelling or letting it expire leaves the organization as it was", async () => {
    const { org, admin, collaborator } = await makeTeam(t.db);
    const before = await memberships(org);
    const [decliner, cancelled, late] = [await makeUser(t.db), await makeUser(t.db), await makeUser(t.db)];
    const old = new Date(Date.now() - (INVITATION_DAYS + 1) * DAY);
    for (const [who, at] of [
      [decliner, new Date()],
      [cancelled, new Date()],
      [late, old],
    ] as const) {
      expect((await inviteMember(t.db, admin, org, { who: await usernameOf(who), role: "collaborator" }, at)).ok).toBe(
        true,
      );
    }
    const declined = await onlyInvitation(decliner);
    expect(await declineInvitation(t.db, decliner, declined.id)).toEqual({
      ok: true,
      data: { organization: await usernameOf(org) },
    });
    expect(await acceptInvitation(t.db, decliner, declined.id)).toEqual({ ok: false, error: INVITATION_DECLINED });

    const toCancel = await onlyInvitation(cancelled);
    expect(await cancelInvitation(t.db, collaborator, org, toCancel.id)).toMatchObject({
      ok: false,
      error: /administrators/,
    });
    expect(await cancelInvitation(t.db, admin, org, toCancel.id)).toEqual({ ok: true, data: undefined });
    expect(await cancelInvitation(t.db, admin, org, toCancel.id)).toEqual({ ok: false, error: INVITATION_NOT_FOUND });
    expect(await listMyInvitations(t.db, cancelled)).toEqual([]);
    expect(await acceptInvitation(t.db, cancelled, toCancel.id)).toEqual({ ok: false, error: INVITATION_CANCELLED });

    expect(await listMyInvitations(t.db, late)).toEqual([]);
    const expired = await t.db.invitation.findFirstOrThrow({ where: { inviteeId: late } });
    expect(await acceptInvitation(t.db, late, expired.id)).toEqual({ ok: false, error: INVITATION_EXPIRED });
    expect(await listPendingInvitations(t.db, admin, org)).toEqual([]);
    // An expired invitation does not stand in the way of a new one.
    expect((await inviteMember(t.db, admin, org, { who: await usernameOf(late), role: "collaborator" })).ok).toBe(true);

    expect(await memberships(org)).toEqual(before);
    const actions = (await t.db.auditEvent.findMany({ where: { accountId: org } })).map((e) => e.action).sort();
    expect(actions).toEqual([
      "invitation.cancel",
      "invitation.create",
      "invitation.create",
      "invitation.create",
      "invitation.create",
      "invitation.decline",
    ]);
  });

  it("an expired or cancelled link no longer opens registration", async () => {
    const { org, admin } = await makeTeam(t.db);
    const [late, cancelled] = [newAddress(), newAddress()];
    const old = new Date(Date.now() - (INVITATION_DAYS + 1) * DAY);
    await inviteMember(t.db, admin, org, { who: late, role: "collaborator" }, old);
    await inviteMember(t.db, admin, org, { who: cancelled, role: "collaborator" });
    const [lateMail] = await mailsTo(late);
    const [cancelledMail] = await mailsTo(cancelled);
    expect(await findInvitationForRegistration(t.db, tokenIn(lateMail!.text)!)).toBeNull();
    const found = await findInvitationForRegistration(t.db, tokenIn(cancelledMail!.text)!);
    expect(found?.email).toBe(cancelled);
    await cancelInvitation(t.db, admin, org, found!.id);
    expect(await findInvitationForRegistration(t.db, tokenIn(cancelledMail!.text)!)).toBeNull();
  });

  it("refuses a member, a second waiting invitation, an unknown username or an organization's name, beside the field", async () => {
    const { org, admin, collaborator } = await makeTeam(t.db);
    const other = await makeTeam(t.db);
    const address = newAddress();
    const invite = (who: string) => inviteMember(t.db, admin, org, { who, role: "collaborator" });
    const refusedBesideField = { ok: false, fieldErrors: { who: [expect.any(String)] } };
    expect(await invite(await usernameOf(collaborator))).toMatchObject(refusedBesideField);
    expect(await invite(await emailOf(t.db, collaborator))).toMatchObject(refusedBesideField);
    expect(await invite("nobody-has-this-name")).toMatchObject(refusedBesideField);
    expect(await invite(await usernameOf(other.org))).toMatchObject(refusedBesideField);
    expect((await invite(address)).ok).toBe(true);
    expect(await invite(address.toUpperCase())).toMatchObject(refusedBesideField);
    // Another organization may invite the same address.
    expect((await inviteMember(t.db, other.admin, other.org, { who: address, role: "admin" })).ok).toBe(true);
    expect(await t.db.invitation.count({ where: { email: address } })).toBe(2);
  });

  it("an invitation by address is the account's only once that address is confirmed, and never another's", async () => {
    const { org, admin } = await makeTeam(t.db);
    const invitee = await makeUser(t.db);
    const stranger = await makeUser(t.db);
    await t.db.user.update({ where: { id: invitee }, data: { emailConfirmedAt: null } });
    await inviteMember(t.db, admin, org, { who: await emailOf(t.db, invitee), role: "collaborator" });
    const invitation = await t.db.invitation.findFirstOrThrow({ where: { organizationId: org } });
    expect(await listMyInvitations(t.db, invitee)).toEqual([]);
    expect(await acceptInvitation(t.db, invitee, invitation.id)).toEqual({ ok: false, error: INVITATION_NOT_FOUND });

    expect(await acceptInvitation(t.db, stranger, invitation.id)).toEqual(
      await acceptInvitation(t.db, stranger, "missing-invitation"),
    );
    expect(await declineInvitation(t.db, stranger, invitation.id)).toEqual({ ok: false, error: INVITATION_NOT_FOUND });
    expect(await listMyInvitations(t.db, stranger)).toEqual([]);

    await t.db.user.update({ where: { id: invitee }, data: { emailConfirmedAt: new Date() } });
    expect((await onlyInvitation(invitee)).id).toBe(invitation.id);
    expect((await acceptInvitation(t.db, invitee, invitation.id)).ok).toBe(true);
  });

  it("accepting one of two invitations into an organization answers both; an existing member is not added twice", async () => {
    const { org, admin } = await makeTeam(t.db);
    const invitee = await makeUser(t.db);
    await inviteMember(t.db, admin, org, { who: await emailOf(t.db, invitee), role: "collaborator" });
    await inviteMember(t.db, admin, org, { who: await usernameOf(invitee), role: "admin" });
    const [first, second] = await listMyInvitations(t.db, invitee);
    expect(await acceptInvitation(t.db, invitee, second!.id)).toMatchObject({ ok: true });
    expect(await listMyInvitations(t.db, invitee)).toEqual([]);
    expect(await acceptInvitation(t.db, invitee, first!.id)).toEqual({ ok: false, error: INVITATION_ACCEPTED });
    expect((await memberships(org)).filter((m) => m.userId === invitee).map((m) => m.role)).toEqual(["admin"]);

    // Made a member some other way while the invitation waited: accepting keeps the membership as it is.
    const joined = await makeUser(t.db);
    await inviteMember(t.db, admin, org, { who: await usernameOf(joined), role: "admin" });
    await t.db.membership.create({ data: { organizationId: org, userId: joined, role: "collaborator" } });
    const waiting = await onlyInvitation(joined);
    expect((await acceptInvitation(t.db, joined, waiting.id)).ok).toBe(true);
    expect((await memberships(org)).filter((m) => m.userId === joined).map((m) => m.role)).toEqual(["collaborator"]);
  });

  it("two accepts at once add one membership; the other hears it was already accepted", async () => {
    const { org, admin } = await makeTeam(t.db);
    const invitee = await makeUser(t.db);
    await inviteMember(t.db, admin, org, { who: await usernameOf(invitee), role: "collaborator" });
    const invitation = await onlyInvitation(invitee);
    const settled = await Promise.allSettled([
      acceptInvitation(t.db, invitee, invitation.id),
      acceptInvitation(t.db, invitee, invitation.id),
    ]);
    expect(settled.map((s) => s.status)).toEqual(["fulfilled", "fulfilled"]);
    const results = settled.map((s) => (s.status === "fulfilled" ? s.value : null));
    expect(results.filter((r) => r?.ok)).toHaveLength(1);
    expect(results.find((r) => !r?.ok)).toEqual({ ok: false, error: INVITATION_ACCEPTED });
    expect(await t.db.membership.count({ where: { organizationId: org, userId: invitee } })).toBe(1);
  });

  it("an account made from the link holds the invitation whatever address it chose", async () => {
    const { org, admin } = await makeTeam(t.db);
    const address = newAddress();
    await inviteMember(t.db, admin, org, { who: address, role: "collaborator" });
    const [mail] = await mailsTo(address);
    const found = await findInvitationForRegistration(t.db, tokenIn(mail!.text)!);
    const registered = await makeUser(t.db);
    expect(await assignInvitation(t.db, found!.id, registered)).toBe(true);
    expect((await onlyInvitation(registered)).id).toBe(found!.id);
    expect((await acceptInvitation(t.db, registered, found!.id)).ok).toBe(true);
    expect(await t.db.membership.count({ where: { organizationId: org, userId: registered } })).toBe(1);
  });
});
