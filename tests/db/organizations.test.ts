import { describe, expect, it } from "vitest";
import { editApiKey } from "@/lib/api-keys/edit-api-key";
import { regenerateApiKey } from "@/lib/api-keys/regenerate-api-key";
import { createOrganization } from "@/lib/organizations/create-organization";
import { acceptInvitation, inviteMember, listMyInvitations } from "@/lib/organizations/invitations";
import { removeMember, setMemberRole } from "@/lib/organizations/members";
import { revokeOrganizationKey } from "@/lib/organizations/revoke-organization-key";
import { listApiKeys } from "@/lib/db/api-keys";
import { getOrganization, listOrganizationKeys } from "@/lib/db/organizations";
import { setPackageListed } from "@/lib/nuget/service";
import {
  createKeyViaForm,
  emailOf,
  joinByInvitation,
  makeOrganization,
  makePackage,
  makeTeam,
  makeUser,
} from "@/tests/support/factories";
import { mintKey } from "@/lib/keys/format";
import { useServiceFixture } from "@/tests/support/service-deps";
import { DATABASES } from "@/tests/support/test-db";

describe.each(DATABASES)("organizations on %s", (kind) => {
  const { t, deps } = useServiceFixture(kind);

  it("the creator becomes admin; names are unique across users and organizations, ignoring case", async () => {
    const user = await makeUser(t.db, `Founder${Date.now()}`);
    const created = await createOrganization(t.db, user, { username: `Fab${user.slice(-6)}`, name: "Fabrikam" });
    expect(created.ok).toBe(true);
    const org = await getOrganization(t.db, user, `fab${user.slice(-6)}`);
    expect(org?.myRole).toBe("admin");
    const userName = (await t.db.account.findUniqueOrThrow({ where: { id: user } })).username;
    expect(await createOrganization(t.db, user, { username: userName.toUpperCase(), name: "Clash" })).toMatchObject({
      ok: false,
      fieldErrors: { username: [expect.any(String)] },
    });
  });

  it("an admin's key list leaves out Trusted Publishing's hour-long keys", async () => {
    const { org, admin } = await makeTeam(t.db);
    await createKeyViaForm(t.db, admin, org, { name: "Long-lived", scopes: ["package:push"], packages: [], glob: "*" });
    const { hash, hint } = mintKey();
    await t.db.apiKey.create({
      data: { name: "From a workflow", ownerId: org, creatorId: admin, hash, hint, glob: "*", shortLived: true },
    });
    expect((await listOrganizationKeys(t.db, admin, org))?.map((k) => k.name)).toEqual(["Long-lived"]);
  });

  it("only admins manage members, and an organization keeps at least one admin", async () => {
    const { org, admin, collaborator: member } = await makeTeam(t.db);
    const outsider = await makeUser(t.db);
    const outsiderEmail = await emailOf(t.db, outsider);
    const invite = (actor: string, who: string) => inviteMember(t.db, actor, org, { who, role: "collaborator" });
    expect(await invite(member, outsiderEmail)).toMatchObject({ ok: false, error: /administrators/ });
    expect(await inviteMember(t.db, outsider, org, { who: outsiderEmail, role: "admin" })).toMatchObject({
      ok: false,
      error: "Organization not found.",
    });
    expect(await setMemberRole(t.db, member, org, member, "admin")).toMatchObject({ ok: false });
    expect(await setMemberRole(t.db, admin, org, admin, "collaborator")).toMatchObject({
      ok: false,
      error: /at least one administrator/,
    });
    expect(await removeMember(t.db, admin, org, admin)).toMatchObject({
      ok: false,
      error: /at least one administrator/,
    });
    expect(await invite(admin, "no-such-user-here")).toMatchObject({
      ok: false,
      fieldErrors: { who: [expect.any(String)] },
    });
    expect(await invite(admin, outsiderEmail)).toEqual({ ok: true, data: { invitee: outsiderEmail } });
    expect(await invite(admin, outsiderEmail)).toMatchObject({ ok: false, fieldErrors: { who: [expect.any(String)] } });
    const [invitation] = await listMyInvitations(t.db, outsider);
    expect((await acceptInvitation(t.db, outsider, invitation!.id)).ok).toBe(true);
    expect(await invite(admin, outsiderEmail)).toMatchObject({ ok: false, fieldErrors: { who: [/already a member/] } });
    expect(await setMemberRole(t.db, admin, org, member, "admin")).toEqual({ ok: true, data: undefined });
    expect(await setMemberRole(t.db, member, org, admin, "collaborator")).toEqual({ ok: true, data: undefined });
    const members = (await getOrganization(
      t.db,
      member,
      (await t.db.account.findUniqueOrThrow({ where: { id: org } })).username,
    ))!.members;
    expect(members.map((m) => m.role).sort()).toEqual(["admin", "collaborator", "collaborator"]);
    const actions = (await t.db.auditEvent.findMany({ where: { accountId: org } })).map((a) => a.action).sort();
    expect(actions).toEqual(["invitation.accept", "invitation.create", "member.role", "member.role"]);
  });

  it("parallel demotions cannot leave the organization without an admin", async () => {
    const a = await makeUser(t.db);
    const b = await makeUser(t.db);
    const org = await makeOrganization(t.db, [
      [a, "admin"],
      [b, "admin"],
    ]);
    await Promise.allSettled([
      setMemberRole(t.db, a, org, b, "collaborator"),
      setMemberRole(t.db, b, org, a, "collaborator"),
    ]);
    expect(await t.db.membership.count({ where: { organizationId: org, role: "admin" } })).toBeGreaterThanOrEqual(1);
  });

  /** A team whose collaborator holds an unlist key for one of the organization's packages. */
  async function memberWithUnlistKey(prefix: string, name: string) {
    const { org, admin, collaborator: member } = await makeTeam(t.db);
    const pkg = await makePackage(t.db, org, `${prefix}.${org}`, ["1.0.0"]);
    const created = await createKeyViaForm(t.db, member, org, {
      name,
      scopes: ["package:unlist"],
      packages: [pkg.packageId],
      glob: "",
    });
    const unlist = () =>
      setPackageListed(
        deps,
        { apiKey: created.secret, ip: null, userAgent: null },
        { packageId: pkg.packageId, version: "1.0.0", listed: false },
      );
    return { org, admin, member, pkg, created, unlist };
  }

  it("a removed member's organization keys are revoked at once, with the reason on their card and a mail to them", async () => {
    const { org, admin, member, unlist } = await memberWithUnlistKey("OrgPkg", "Member key");
    expect((await unlist()).status).toBe(200);
    expect(await removeMember(t.db, admin, org, member)).toEqual({ ok: true, data: undefined });
    expect(await unlist()).toMatchObject({ status: 403, message: "This API key has been revoked." });
    const [card] = await listApiKeys(t.db, member);
    expect(card).toMatchObject({ name: "Member key", ownerAccess: false });
    expect(card?.revokedAt).not.toBeNull();
    expect(card?.revokedReason).toMatch(/^Revoked because user\w+ was removed from org\w+ by user\w+$/);
    expect((await listOrganizationKeys(t.db, admin, org))?.[0]).toMatchObject({
      name: "Member key",
      creatorIsMember: false,
    });
    const mail = await t.db.outboxEmail.findFirst({
      where: { to: await emailOf(t.db, member), subject: "API key revoked: Member key" },
    });
    expect(mail?.text).toMatch(/was removed from org\w+ by user\w+/);
    expect(await t.db.auditEvent.count({ where: { keyId: card!.id, action: "key.revoke" } })).toBe(1);
  });

  it("re-adding a removed member does not bring their old keys back; a member who leaves loses theirs too", async () => {
    const { org, admin, member, pkg, created, unlist } = await memberWithUnlistKey("Back", "Old key");
    expect((await removeMember(t.db, admin, org, member)).ok).toBe(true);
    await joinByInvitation(t.db, admin, org, member);
    expect(await unlist()).toMatchObject({ status: 403, message: "This API key has been revoked." });
    expect(await regenerateApiKey(t.db, member, created.key.id)).toMatchObject({ ok: false });

    const second = await createKeyViaForm(t.db, member, org, {
      name: "New key",
      scopes: ["package:unlist"],
      packages: [pkg.packageId],
      glob: "",
    });
    expect((await removeMember(t.db, member, org, member)).ok).toBe(true);
    const [card] = (await listApiKeys(t.db, member)).filter((k) => k.id === second.key.id);
    expect(card?.revokedReason).toMatch(/^Revoked because user\w+ left org\w+$/);
  });

  it("admins see and revoke the organization's keys; collaborators and strangers cannot", async () => {
    const { org, admin, collaborator: member } = await makeTeam(t.db);
    const stranger = await makeUser(t.db);
    const created = await createKeyViaForm(t.db, member, org, {
      name: "CI",
      scopes: ["package:push"],
      packages: [],
      glob: "*",
    });
    expect(await listOrganizationKeys(t.db, member, org)).toBeNull();
    expect(await listOrganizationKeys(t.db, stranger, org)).toBeNull();
    expect(await revokeOrganizationKey(t.db, member, org, created.key.id)).toMatchObject({ ok: false });
    expect(await revokeOrganizationKey(t.db, stranger, org, created.key.id)).toMatchObject({ ok: false });
    expect((await t.db.apiKey.findUniqueOrThrow({ where: { id: created.key.id } })).revokedAt).toBeNull();
    const keys = await listOrganizationKeys(t.db, admin, org);
    expect(keys?.map((k) => [k.name, k.creator])).toEqual([["CI", expect.any(String)]]);
    expect(await revokeOrganizationKey(t.db, admin, org, created.key.id)).toEqual({ ok: true, data: undefined });
    expect((await t.db.apiKey.findUniqueOrThrow({ where: { id: created.key.id } })).revokedReason).toMatch(
      /administrator/,
    );
  });

  it("an admin's revocation sticks, and a former member cannot change their organization keys", async () => {
    const { org, admin, collaborator: member } = await makeTeam(t.db);
    const created = await createKeyViaForm(t.db, member, org, {
      name: "Sticky",
      scopes: ["package:push"],
      packages: [],
      glob: "*",
    });
    const keyId = created.key.id;
    await revokeOrganizationKey(t.db, admin, org, keyId);
    expect(await regenerateApiKey(t.db, member, keyId)).toMatchObject({
      ok: false,
      error: /administrator .* revoked this key/,
    });
    expect((await t.db.apiKey.findUniqueOrThrow({ where: { id: keyId } })).revokedAt).not.toBeNull();

    const second = await createKeyViaForm(t.db, member, org, {
      name: "Left behind",
      scopes: ["package:push"],
      packages: [],
      glob: "*",
    });
    await removeMember(t.db, admin, org, member);
    const before = await t.db.apiKey.findUniqueOrThrow({ where: { id: second.key.id } });
    expect(await regenerateApiKey(t.db, member, second.key.id)).toMatchObject({
      ok: false,
      error: /no longer a member/,
    });
    expect(await editApiKey(t.db, member, { keyId: second.key.id, packages: [], glob: "Other.*" })).toMatchObject({
      ok: false,
      error: /no longer a member/,
    });
    expect(await t.db.apiKey.findUniqueOrThrow({ where: { id: second.key.id } })).toEqual(before);
  });
});
