// zod/mini keeps the browser bundle small: these schemas run in the create form and in the server actions.
import * as z from "zod/mini";
import { DEFAULT_EXPIRY_DAYS, EXPIRY_DAYS } from "./expiry";
import { PACKAGE_ID_MAX, validateGlob } from "./glob";
import { isStorable } from "@/lib/text";
import { isPushScope, SCOPE_IDS } from "./scopes";

/** NuGet package id rules: word characters separated by single '.' or '-', at most 100 characters. */
export const PACKAGE_ID_RE = /^\w+(?:[.-]\w+)*$/;
export const MAX_CHOSEN_PACKAGES = 1000;

export const packageIdSchema = z
  .string()
  .check(
    z.maxLength(PACKAGE_ID_MAX, `A package id can have at most ${PACKAGE_ID_MAX} characters.`),
    z.regex(PACKAGE_ID_RE, "A package id may use letters, digits, '_', and single '.' or '-' between them."),
  );

export const keyNameSchema = z
  .string()
  .check(
    z.trim(),
    z.minLength(1, "Enter a name for the key."),
    z.maxLength(256, "The key name can have at most 256 characters."),
    z.refine(isStorable, "The key name cannot contain control characters."),
  );

const EXPIRY_MESSAGE = "Choose one of the offered expiry periods.";

export const expiresInDaysSchema = z.coerce
  .number<string | number>({ error: EXPIRY_MESSAGE })
  .check(z.refine((days) => (EXPIRY_DAYS as readonly number[]).includes(days), EXPIRY_MESSAGE));

export const scopesSchema = z.array(z.enum(SCOPE_IDS)).check(
  z.minLength(1, "Select at least one scope."),
  z.refine((s) => new Set(s).size === s.length, "Each scope can be selected once."),
  z.refine(
    (s) => s.filter(isPushScope).length <= 1,
    "Choose either pushing new packages and versions or only new versions, not both.",
  ),
);

export const globSchema = z.string().check(
  z.trim(),
  z.superRefine((glob, ctx) => {
    if (glob === "") return;
    const check = validateGlob(glob);
    if (!check.ok) ctx.addIssue({ code: "custom", message: check.message, input: glob });
  }),
);

const subjectsShape = {
  packages: z
    .array(packageIdSchema)
    .check(z.maxLength(MAX_CHOSEN_PACKAGES, `Choose at most ${MAX_CHOSEN_PACKAGES} packages, or use a glob pattern.`)),
  glob: globSchema,
};

const SUBJECT_REQUIRED = "Enter a glob pattern or select at least one package.";

const requireSubject = z.superRefine((value: { packages: string[]; glob: string }, ctx) => {
  if (value.packages.length === 0 && value.glob === "") {
    ctx.addIssue({ code: "custom", path: ["packages"], message: SUBJECT_REQUIRED, input: value });
  }
});

/** Row ids as the app issues them (cuid): anything else cannot name a row. */
export const idSchema = z.string().check(z.minLength(1), z.maxLength(64), z.regex(/^[A-Za-z0-9_-]+$/));
export const keyIdSchema = z.object({ keyId: idSchema });
export const ownerIdSchema = z.object({ ownerId: idSchema });

export const createKeySchema = z
  .object({
    name: keyNameSchema,
    expiresInDays: expiresInDaysSchema,
    ownerId: z
      .string()
      .check(
        z.minLength(1, "Choose a package owner."),
        z.maxLength(64),
        z.regex(/^[A-Za-z0-9_-]+$/, "Choose a package owner."),
      ),
    scopes: scopesSchema,
    ...subjectsShape,
  })
  .check(requireSubject);

export const editKeySchema = z.extend(keyIdSchema, subjectsShape).check(requireSubject);

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
