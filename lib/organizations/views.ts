import type { ApiKeyView } from "@/lib/api-keys/views";
import type { Result } from "@/lib/result";
import type { CreateOrganizationInput, InviteMemberInput, Role } from "./schemas";

export type OrganizationSummary = { id: string; username: string; name: string; role: Role; members: number };
export type Member = { userId: string; username: string; name: string; email: string; role: Role };
export type OrganizationView = {
  id: string;
  username: string;
  name: string;
  /** Members need two-factor sign-in to create the organization's keys. */
  requireTwoFactor: boolean;
  myRole: Role;
  members: Member[];
};
export type OrgKeyView = ApiKeyView & { creator: string; creatorIsMember: boolean };

/** An invitation waiting for its invitee, as the organization's admins see it: the username or address they typed. */
export type PendingInvitation = {
  id: string;
  invitee: string;
  role: Role;
  invitedBy: string;
  createdAt: Date;
  expiresAt: Date;
};

/** An invitation waiting for the signed-in user's answer. */
export type MyInvitation = {
  id: string;
  organizationId: string;
  organization: string;
  organizationName: string;
  role: Role;
  invitedBy: string;
  expiresAt: Date;
};

/** The organization pages' server actions, handed to their components as props. */
export type OrganizationActions = {
  createOrganization: (input: CreateOrganizationInput) => Promise<Result<{ username: string }>>;
  inviteMember: (input: InviteMemberInput) => Promise<Result<{ invitee: string }>>;
  cancelInvitation: (input: { organizationId: string; invitationId: string }) => Promise<Result>;
  setRole: (input: { organizationId: string; userId: string; role: Role }) => Promise<Result>;
  removeMember: (input: { organizationId: string; userId: string }) => Promise<Result>;
  revokeKey: (input: { organizationId: string; keyId: string }) => Promise<Result>;
};

/** The invitee's answers, handed to the invitations page's list. */
export type InvitationActions = {
  accept: (input: { invitationId: string }) => Promise<Result<{ organization: string }>>;
  decline: (input: { invitationId: string }) => Promise<Result<{ organization: string }>>;
};
