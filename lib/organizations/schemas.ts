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

export const createOrganizationSchema = z.object({
  username: requiredText(
    64,
    "Enter a name for the organization.",
    "name",
    z.regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, "Use letters, digits, '.', '_' and '-', starting with a letter or digit."),
  ),
  name: requiredText(
    128,
    "Enter a display name.",
    "display name",
    z.refine(isStorable, "The display name cannot contain control characters."),
  ),
});

export const addMemberSchema = z.object({
  organizationId: id,
  email: z.email("Enter a valid e-mail address.").check(z.maxLength(254), z.toLowerCase()),
  role: z.enum(ROLES, "Choose a role."),
});

export const setRoleSchema = z.object({ organizationId: id, userId: id, role: z.enum(ROLES, "Choose a role.") });
export const removeMemberSchema = z.object({ organizationId: id, userId: id });
export const revokeOrganizationKeySchema = z.object({ organizationId: id, keyId: id });

export type CreateOrganizationInput = z.input<typeof createOrganizationSchema>;
export type CreateOrganizationValues = z.output<typeof createOrganizationSchema>;
export type AddMemberInput = z.input<typeof addMemberSchema>;
export type AddMemberValues = z.output<typeof addMemberSchema>;
export type SetRoleInput = z.input<typeof setRoleSchema>;

export const twoFactorRequirementSchema = z.object({ organizationId: id, required: z.boolean() });
export type TwoFactorRequirementInput = z.input<typeof twoFactorRequirementSchema>;
