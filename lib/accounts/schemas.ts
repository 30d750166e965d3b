import * as z from "zod/mini";
import { newPasswordSchema, personalPasswordProblem } from "@/lib/auth/schemas";

/** A package owner's name, for people and organizations alike: one namespace, compared without case. */
export const usernameSchema = z
  .string()
  .check(
    z.trim(),
    z.minLength(1, "Enter a username."),
    z.maxLength(64, "The username can have at most 64 characters."),
    z.regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, "Use letters, digits, '.', '_' and '-', starting with a letter or digit."),
  );

const emailSchema = z.email("Enter a valid e-mail address.").check(z.maxLength(254), z.toLowerCase());

export const registerSchema = z
  .object({
    username: usernameSchema,
    email: emailSchema,
    password: newPasswordSchema,
    confirm: z.string(),
    invitation: z.optional(z.string().check(z.maxLength(200), z.regex(/^[A-Za-z0-9_-]*$/))),
  })
  .check(
    z.refine((v) => v.password === v.confirm, { message: "The two passwords differ.", path: ["confirm"] }),
    z.superRefine((v, ctx) => {
      const problem = personalPasswordProblem(v.password, v.email, v.username);
      if (problem) ctx.issues.push({ code: "custom", message: problem, input: v.password, path: ["password"] });
    }),
  );

export const confirmEmailSchema = z.object({
  token: z.string().check(z.minLength(20), z.maxLength(200), z.regex(/^[A-Za-z0-9_-]+$/)),
});

export type RegisterInput = z.input<typeof registerSchema>;
export type RegisterValues = z.output<typeof registerSchema>;
