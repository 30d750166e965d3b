/**
 * Every organization action's input, fuzzed as the action takes it: the shared schema first, then the use
 * case on each database. Whatever arrives (NUL, lone surrogates, control characters, huge strings), the
 * answer is a field error or a result, never a thrown database error, and nothing is half-written.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createOrganization } from "@/lib/organizations/create-organization";
import { inviteMember } from "@/lib/organizations/invitations";
import { removeMember, setMemberRole } from "@/lib/organizations/members";
import { revokeOrganizationKey } from "@/lib/organizations/revoke-organization-key";
import {
  createOrganizationSchema,
  inviteMemberSchema,
  removeMemberSchema,
  revokeOrganizationKeySchema,
  setRoleSchema,
} from "@/lib/organizations/schemas";
import { makeTeam } from "@/tests/support/factories";
import { anyString } from "@/tests/support/string-arbitraries";
import { DATABASES, useTestDb } from "@/tests/support/test-db";

const RUNS = Math.max(1, Math.ceil(Number(process.env.FC_NUM_RUNS ?? 1000) / 10));
const params = { numRuns: RUNS, endOnFailure: false };
const text = anyString(300);
const idLike = fc.oneof(text, fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/));

describe.each(DATABASES)("organization action inputs on %s", (kind) => {
  const t = useTestDb(kind);

  it(
    "create: odd names get a field error; the rest create exactly one organization",
    async () => {
      const { admin } = await makeTeam(t.db);
      await fc.assert(
        fc.asyncProperty(
          fc.record({ username: fc.oneof(text, fc.stringMatching(/^[A-Za-z0-9][\w.-]{0,20}$/)), name: text }),
          async (input) => {
            const before = await t.db.organization.count();
            const parsed = createOrganizationSchema.safeParse(input);
            if (!parsed.success) {
              expect(parsed.error.issues.length).toBeGreaterThan(0);
              return;
            }
            const result = await createOrganization(t.db, admin, parsed.data);
            const after = await t.db.organization.count();
            if (result.ok) {
              expect(after).toBe(before + 1);
              const stored = await t.db.organization.findFirstOrThrow({
                where: { account: { usernameKey: parsed.data.username.toLowerCase() } },
              });
              expect(stored.name).toBe(parsed.data.name);
            } else {
              expect(result.fieldErrors?.username).toBeDefined();
              expect(after).toBe(before);
            }
          },
        ),
        params,
      );
    },
    120_000 + RUNS * 200,
  );

  it(
    "membership and key actions: any id, username, e-mail or role is refused cleanly or applied",
    async () => {
      const { org, admin } = await makeTeam(t.db);
      const orgOrOther = fc.oneof(fc.constant(org), idLike);
      await fc.assert(
        fc.asyncProperty(
          fc.record({
            organizationId: orgOrOther,
            who: fc.oneof(text, fc.emailAddress(), fc.stringMatching(/^[A-Za-z0-9][\w.-]{0,20}$/)),
            role: fc.oneof(text, fc.constant("collaborator")),
          }),
          fc.record({ organizationId: orgOrOther, userId: idLike, role: text }),
          fc.record({ organizationId: orgOrOther, userId: idLike }),
          fc.record({ organizationId: orgOrOther, keyId: idLike }),
          async (add, role, remove, revoke) => {
            const a = inviteMemberSchema.safeParse(add);
            if (a.success) {
              const invited = await inviteMember(t.db, admin, a.data.organizationId, a.data);
              // Only an invitation can come of it: an address, or an existing user, into the admin's organization.
              if (invited.ok) expect(a.data.organizationId).toBe(org);
              else expect(invited.error).toEqual(expect.any(String));
            }
            const r = setRoleSchema.safeParse(role);
            if (r.success)
              expect((await setMemberRole(t.db, admin, r.data.organizationId, r.data.userId, r.data.role)).ok).toBe(
                false,
              );
            const m = removeMemberSchema.safeParse(remove);
            if (m.success && m.data.userId !== admin) {
              expect((await removeMember(t.db, admin, m.data.organizationId, m.data.userId)).ok).toBe(false);
            }
            const k = revokeOrganizationKeySchema.safeParse(revoke);
            if (k.success)
              expect((await revokeOrganizationKey(t.db, admin, k.data.organizationId, k.data.keyId)).ok).toBe(false);
          },
        ),
        params,
      );
      expect(await t.db.membership.count({ where: { organizationId: org } })).toBe(2);
    },
    120_000 + RUNS * 400,
  );
});
