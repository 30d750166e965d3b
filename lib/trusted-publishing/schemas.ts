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

const workflowFile = z
  .string()
  .check(
    z.trim(),
    z.regex(
      /^[A-Za-z0-9._-]{1,200}\.ya?ml$/,
      "Enter the workflow file's name as in .github/workflows, such as release.yml.",
    ),
  );

const environment = z
  .string()
  .check(
    z.trim(),
    z.maxLength(255, "An environment name can have at most 255 characters."),
    z.regex(/^[^\x00-\x1f"'`,;\\]*$/, "The environment name contains characters GitHub does not allow."),
  );

export const policyFieldsSchema = z.object({
  name: keyNameSchema,
  ownerId: idSchema,
  repositoryOwner: githubName("repository owner"),
  repository: githubName("repository name"),
  workflowFile,
  environment,
});

export const policyIdSchema = z.object({ policyId: idSchema });
export const editPolicySchema = z.extend(policyIdSchema, policyFieldsSchema.shape);

/** What is wrong with `owner/name` by GitHub's rules for user, organization and repository names; null when nothing. */
export function repositoryProblem(value: string): string | null {
  const parts = value.split("/");
  if (parts.length !== 2 || !parts[0] || !parts[1])
    return "Enter the repository as owner/name, such as alice-demo/widgets.";
  const [owner, name] = parts as [string, string];
  if (owner.length > 39 || !/^[A-Za-z0-9](?:-?[A-Za-z0-9])*$/.test(owner))
    return "The owner may use letters, digits and single hyphens, not at its start or end (at most 39 characters).";
  if (name.length > 100 || !/^[A-Za-z0-9._-]+$/.test(name) || name === "." || name === "..")
    return "The repository name may use letters, digits, '.', '_' and '-' (at most 100 characters).";
  return null;
}

/** The demo token issuer's form: the repository and workflow the minted token speaks for. */
export const demoTokenSchema = z.object({
  repository: z.string().check(
    z.trim(),
    z.superRefine((value, ctx) => {
      const problem = repositoryProblem(value);
      if (problem) ctx.addIssue({ code: "custom", message: problem, input: value });
    }),
  ),
  workflowFile,
  environment,
});

export type PolicyInput = z.input<typeof policyFieldsSchema>;
export type PolicyValues = z.output<typeof policyFieldsSchema>;
export type EditPolicyInput = z.input<typeof editPolicySchema>;
export type DemoTokenInput = z.input<typeof demoTokenSchema>;
export type DemoTokenValues = z.output<typeof demoTokenSchema>;
