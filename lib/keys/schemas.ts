import { z } from "zod";
import { DEFAULT_EXPIRY_DAYS, EXPIRY_DAYS } from "./expiry";
import { PACKAGE_ID_MAX, validateGlob } from "./glob";
import { SCOPE_IDS } from "./scopes";

/** NuGet package id rules: word characters separated by single '.' or '-', at most 100 characters. */
export const PACKAGE_ID_RE = /^\w+(?:[.-]\w+)*$/;
export const MAX_CHOSEN_PACKAGES = 1000;

export const packageIdSchema = z
  .string()
  .max(PACKAGE_ID_MAX, `A package id can have at most ${PACKAGE_ID_MAX} characters.`)
  .regex(PACKAGE_ID_RE, "A package id may use letters, digits, '_', and single '.' or '-' between them.");

export const keyNameSchema = z
  .string()
  .trim()
  .min(1, "Enter a name for the key.")
  .max(256, "The key name can have at most 256 characters.");

const EXPIRY_MESSAGE = "Choose one of the offered expiry periods.";

export const expiresInDaysSchema = z.coerce
  .number<string | number>({ error: EXPIRY_MESSAGE })
  .refine((days) => (EXPIRY_DAYS as readonly number[]).includes(days), EXPIRY_MESSAGE);

export const scopesSchema = z
  .array(z.enum(SCOPE_IDS))
  .min(1, "Select at least one scope.")
  .refine((s) => new Set(s).size === s.length, "Each scope can be selected once.")
  .refine(
    (s) => !(s.includes("package:push") && s.includes("package:pushversion")),
    "Choose either pushing new packages and versions or only new versions, not both.",
  );

export const globSchema = z
  .string()
  .trim()
  .superRefine((glob, ctx) => {
    if (glob === "") return;
    const check = validateGlob(glob);
    if (!check.ok) ctx.addIssue({ code: "custom", message: check.message });
  });

const subjectsShape = {
  packages: z
    .array(packageIdSchema)
    .max(MAX_CHOSEN_PACKAGES, `Choose at most ${MAX_CHOSEN_PACKAGES} packages, or use a glob pattern.`),
  glob: globSchema,
};

const SUBJECT_REQUIRED = "Enter a glob pattern or select at least one package.";

function requireSubject(value: { packages: string[]; glob: string }, ctx: z.RefinementCtx) {
  if (value.packages.length === 0 && value.glob === "") {
    ctx.addIssue({ code: "custom", path: ["packages"], message: SUBJECT_REQUIRED });
  }
}

export const keyIdSchema = z.object({ keyId: z.string().min(1).max(64) });

export const createKeySchema = z
  .object({
    name: keyNameSchema,
    expiresInDays: expiresInDaysSchema,
    ownerId: z.string().min(1, "Choose a package owner.").max(64),
    scopes: scopesSchema,
    ...subjectsShape,
  })
  .superRefine(requireSubject);

export const editKeySchema = keyIdSchema.extend(subjectsShape).superRefine(requireSubject);

export type CreateKeyInput = z.input<typeof createKeySchema>;
export type CreateKeyValues = z.output<typeof createKeySchema>;
export type EditKeyInput = z.input<typeof editKeySchema>;
export type EditKeyValues = z.output<typeof editKeySchema>;

export const CREATE_KEY_DEFAULTS: CreateKeyInput = {
  name: "",
  expiresInDays: DEFAULT_EXPIRY_DAYS,
  ownerId: "",
  scopes: ["package:push"],
  packages: [],
  glob: "",
};
