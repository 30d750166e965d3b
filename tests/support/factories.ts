import { randomBytes } from "node:crypto";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import type { Db } from "@/lib/db/create-db";
import { DAY_MS } from "@/lib/keys/expiry";
import { mintKey } from "@/lib/keys/format";
import { createKeySchema } from "@/lib/keys/schemas";
import { acceptInvitation, inviteMember, listMyInvitations } from "@/lib/organizations/invitations";

const unique = () => randomBytes(4).toString("hex");

export async function makeUser(db: Db, username = `user${unique()}`) {
  const account = await db.account.create({
    data: {
      kind: "user",
      username,
      usernameKey: username.toLowerCase(),
      user: {
        create: {
          email: `${username.toLowerCase()}@example.test`,
          name: username,
          passwordHash: "x",
          emailConfirmedAt: new Date(),
        },
      },
    },
  });
  return account.id;
}

export async function makeOrganization(
  db: Db,
  members: [string, "admin" | "collaborator"][],
  username = `org${unique()}`,
) {
  const account = await db.account.create({
    data: {
      kind: "organization",
      username,
      usernameKey: username.toLowerCase(),
      organization: { create: { name: username } },
    },
  });
  for (const [userId, role] of members) {
    await db.membership.create({ data: { organizationId: account.id, userId, role } });
  }
  return account.id;
}

export async function makePackage(db: Db, ownerId: string, packageId: string, versions: string[] = []) {
  return db.package.create({
    data: {
      packageId,
      idKey: packageId.toLowerCase(),
      ownerId,
      versions: { create: versions.map((v) => ({ version: v, versionKey: v.toLowerCase() })) },
    },
  });
}

export async function makeKey(
  db: Db,
  creatorId: string,
  options: { ownerId?: string; name?: string; scopes?: string[]; packages?: string[]; glob?: string | null } = {},
) {
  const { secret, hash, hint } = mintKey();
  const key = await db.apiKey.create({
    data: {
      name: options.name ?? `key ${unique()}`,
      creatorId,
      ownerId: options.ownerId ?? creatorId,
      hash,
      hint,
      glob: options.glob ?? null,
      durationDays: 365,
      expiresAt: new Date(Date.now() + 365 * DAY_MS),
      scopes: { create: (options.scopes ?? ["package:push"]).map((scope) => ({ scope })) },
      subjects: { create: (options.packages ?? []).map((p) => ({ packageId: p, idKey: p.toLowerCase() })) },
    },
  });
  return { ...key, secret };
}

/** An organization with a new admin and a new collaborator. */
export async function makeTeam(db: Db) {
  const admin = await makeUser(db);
  const collaborator = await makeUser(db);
  const org = await makeOrganization(db, [
    [admin, "admin"],
    [collaborator, "collaborator"],
  ]);
  return { org, admin, collaborator };
}

export async function emailOf(db: Db, userId: string) {
  return (await db.user.findUniqueOrThrow({ where: { id: userId } })).email;
}

/** A 90-day key the creator makes for an owner, through the same path as the form; throws if it is refused. */
export async function createKeyViaForm(
  db: Db,
  creatorId: string,
  ownerId: string,
  key: { name: string; scopes: string[]; packages: string[]; glob: string },
) {
  const created = await createApiKey(db, creatorId, createKeySchema.parse({ ...key, expiresInDays: 90, ownerId }));
  if (!created.ok) throw new Error(created.error);
  return created.data;
}

/** The admin invites the user by username and the user accepts, as through the pages; throws if either is refused. */
export async function joinByInvitation(
  db: Db,
  adminId: string,
  orgId: string,
  userId: string,
  role: "admin" | "collaborator" = "collaborator",
) {
  const { username } = await db.account.findUniqueOrThrow({ where: { id: userId } });
  const invited = await inviteMember(db, adminId, orgId, { who: username, role });
  if (!invited.ok) throw new Error(invited.error);
  const invitation = (await listMyInvitations(db, userId)).find((i) => i.organizationId === orgId);
  if (!invitation) throw new Error("the invitation did not reach its invitee");
  const accepted = await acceptInvitation(db, userId, invitation.id);
  if (!accepted.ok) throw new Error(accepted.error);
}
