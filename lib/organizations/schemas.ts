import * as z from "zod/mini";
import { idSchema } from "@/lib/keys/schemas";
import { isStorable } from "@/lib/text";

export const ROLES = ["admin", "collaborator"] as const;
export type Role = (typeof ROLES)[number];
export const ROLE_LABELS: Record<Role, string> = {
  admin: "Administrator",
  collaborator: "Collaborator",
};

const id = idSchema;

/** Trimmed text that must be present and fit; each message names the field as the form labels it. */
const requiredText = (max: number, missing: string, label: string, ...checks: z.core.$ZodCheck<string>[]) =>
  z
    .string()
    .check(
      z.trim(),
      z.minLength(1, missing),
      z.maxLength(max, `The ${label} can have at most ${max} characters.`),
      ...checks,
    );

/** An account name: a user's username or an organization's name. */
const ACCOUNT_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const EMAIL = z.email();
const isEmail = (text: string) => z.safeParse(EMAIL, text).success;

export const createOrganizationSchema = z.object({
  username: requiredText(
    64,
    "Enter a name for the organization.",
    "name",
    z.regex(ACCOUNT_NAME, "Use letters, digits, '.', '_' and '-', starting with a letter or digit."),
  ),
  name: requiredText(
    128,
    "Enter a display name.",
    "display name",
    z.refine(isStorable, "The display name cannot contain control characters."),
  ),
});

export const inviteMemberSchema = z.object({
  organizationId: id,
  who: requiredText(
    254,
    "Enter a username or an e-mail address.",
    "username or e-mail address",
    z.refine(
      (text) => (text.includes("@") ? isEmail(text) : ACCOUNT_NAME.test(text) && text.length <= 64),
      "Enter a username or a valid e-mail address.",
    ),
  ),
  role: z.enum(ROLES, "Choose a role."),
});
export const cancelInvitationSchema = z.object({ organizationId: id, invitationId: id });
export const answerInvitationSchema = z.object({ invitationId: id });

export const setRoleSchema = z.object({ organizationId: id, userId: id, role: z.enum(ROLES, "Choose a role.") });
export const removeMemberSchema = z.object({ organizationId: id, userId: id });
export const revokeOrganizationKeySchema = z.object({ organizationId: id, keyId: id });

export type CreateOrganizationInput = z.input<typeof createOrganizationSchema>;
export type CreateOrganizationValues = z.output<typeof createOrganizationSchema>;
export type InviteMemberInput = z.input<typeof inviteMemberSchema>;
export type InviteMemberValues = z.output<typeof inviteMemberSchema>;
export type SetRoleInput = z.input<typeof setRoleSchema>;

export const twoFactorRequirementSchema = z.object({ organizationId: id, required: z.boolean() });
export type TwoFactorRequirementInput = z.input<typeof twoFactorRequirementSchema>;
