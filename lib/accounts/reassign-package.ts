import { findAccountByUsername, findPackageWithOwner, setPackageOwner } from "@/lib/db/accounts";
import { recordAudit } from "@/lib/db/audit";
import type { Db } from "@/lib/db/client";
import { fail, ok, type Result } from "@/lib/result";

/**
 * The operator gives a deleted account's package a new owner (a user or an organization), from which point
 * that owner's keys may push to it. A package whose owner is still active is left alone.
 */
export async function reassignPackage(
  db: Db,
  packageId: string,
  newOwnerUsername: string,
  now = new Date(),
): Promise<Result<{ packageId: string; from: string; to: string }>> {
  const pkg = await findPackageWithOwner(db, packageId);
  if (!pkg) return fail(`There is no package ${packageId}.`);
  if (!pkg.owner.deletedAt) {
    return fail(`${pkg.packageId} belongs to ${pkg.owner.username}, whose account is not deleted; it stays theirs.`);
  }
  const owner = await findAccountByUsername(db, newOwnerUsername);
  if (!owner || !owner.active) return fail(`There is no active user or organization named ${newOwnerUsername}.`);
  const moved = { packageId: pkg.packageId, from: pkg.owner.username, to: owner.username };
  return db.$transaction(async (tx) => {
    if (!(await setPackageOwner(tx, pkg.id, pkg.owner.id, owner.id))) {
      return fail(`${pkg.packageId} changed owner meanwhile; look again.`);
    }
    // On both trails: the old owner's shows where the package went, the new one's where it came from.
    for (const accountId of [pkg.owner.id, owner.id]) {
      await recordAudit(tx, {
        createdAt: now,
        action: "package.reassign",
        actorId: null,
        accountId,
        packageId: pkg.packageId,
        detail: { from: moved.from, to: moved.to },
      });
    }
    return ok(moved);
  });
}
