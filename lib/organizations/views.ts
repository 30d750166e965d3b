import type { ApiKeyView } from "@/lib/api-keys/views";
import type { Result } from "@/lib/result";
import type { AddMemberInput, CreateOrganizationInput, Role } from "./schemas";

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

/** The organization pages' server actions, handed to their components as props. */
export type OrganizationActions = {
  createOrganization: (input: CreateOrganizationInput) => Promise<Result<{ username: string }>>;
  addMember: (input: AddMemberInput) => Promise<Result>;
  setRole: (input: { organizationId: string; userId: string; role: Role }) => Promise<Result>;
  removeMember: (input: { organizationId: string; userId: string }) => Promise<Result>;
  revokeKey: (input: { organizationId: string; keyId: string }) => Promise<Result>;
};
