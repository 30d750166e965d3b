// Shared by the policy form (zodResolver) and the server actions (safeParse).
import * as z from "zod/mini";
import { idSchema, keyNameSchema } from "@/lib/keys/schemas";

const GITHUB_NAME_RE = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,99})$/;

const githubName = (what: string) =>
  z
    .string()
    .check(
      z.trim(),
      z.minLength(1, `Enter the ${what}.`),
      z.regex(GITHUB_NAME_RE, `The ${what} may use letters, digits, '.', '_' and '-' (at most 100 characters).`),
    );

export const policyFieldsSchema = z.object({
  name: keyNameSchema,
  ownerId: idSchema,
  repositoryOwner: githubName("repository owner"),
  repository: githubName("repository name"),
  workflowFile: z
    .string()
    .check(
      z.trim(),
      z.regex(
        /^[A-Za-z0-9._-]{1,200}\.ya?ml$/,
        "Enter the workflow file's name as in .github/workflows, such as release.yml.",
      ),
    ),
  environment: z
    .string()
    .check(
      z.trim(),
      z.maxLength(255, "An environment name can have at most 255 characters."),
      z.regex(/^[^\x00-\x1f"'`,;\\]*$/, "The environment name contains characters GitHub does not allow."),
    ),
});

export const policyIdSchema = z.object({ policyId: idSchema });
export const editPolicySchema = z.extend(policyIdSchema, policyFieldsSchema.shape);

export type PolicyInput = z.input<typeof policyFieldsSchema>;
export type PolicyValues = z.output<typeof policyFieldsSchema>;
export type EditPolicyInput = z.input<typeof editPolicySchema>;
