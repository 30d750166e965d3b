import * as z from "zod/mini";
import type { Db } from "@/lib/db/client";
import type { KeyPrefill } from "./views";
import { canActFor } from "@/lib/db/owners";
import { findPackageByIdKey } from "@/lib/db/packages";
import { PACKAGE_ID_MAX } from "@/lib/keys/glob";
import { PACKAGE_ID_RE } from "@/lib/keys/schemas";

const one = (value: unknown) => (Array.isArray(value) ? undefined : value);

/** `?create=1&package=Id`: open the create form for one package; anything unreadable is ignored. */
export const keyPrefillSchema = z.object({
  create: z.catch(z.pipe(z.transform(one), z.optional(z.literal("1"))), undefined),
  package: z.catch(
    z.pipe(z.transform(one), z.optional(z.string().check(z.maxLength(PACKAGE_ID_MAX), z.regex(PACKAGE_ID_RE)))),
    undefined,
  ),
});

/**
 * The create form prefilled for the package in the address: its owner and the package itself, when the user may
 * act for that owner; null (a closed, empty form) for an unknown package or someone else's.
 */
export async function keyPrefill(db: Db, userId: string, params: unknown): Promise<KeyPrefill | null> {
  const { create, package: packageId } = keyPrefillSchema.parse(params);
  if (!create || !packageId) return null;
  const pkg = await findPackageByIdKey(db, packageId.toLowerCase());
  if (!pkg || !(await canActFor(db, userId, pkg.ownerId))) return null;
  return { ownerId: pkg.ownerId, packages: [pkg.packageId] };
}
