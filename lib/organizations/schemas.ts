import * as z from "zod/mini";
import { idSchema } from "@/lib/keys/schemas";

export const ROLES = ["admin", "collaborator"] as const;
export const ROLE_LABELS: Record<(typeof ROLES)[number], string> = {
  admin: "Administrator",
  collaborator: "Collaborator",
};

const id = idSchema;

export const createOrganizationSchema = z.object({
  username: z
    .string()
    .check(
      z.trim(),
      z.minLength(1, "Enter a name for the organization."),
      z.maxLength(64, "The name can have at most 64 characters."),
      z.regex(
        /^[A-Za-z0-9][A-Za-z0-9_.-]*$/,
        "Use letters, digits, '.', '_' and '-', starting with a letter or digit.",
      ),
    ),
  name: z
    .string()
    .check(
      z.trim(),
      z.minLength(1, "Enter a display name."),
      z.maxLength(128, "The display name can have at most 128 characters."),
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
