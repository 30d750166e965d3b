import { Secret, TOTP } from "otpauth";
import { describe, expect, it } from "vitest";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { regenerateApiKey } from "@/lib/api-keys/regenerate-api-key";
import { unseal } from "@/lib/accounts/sealed";
import {
  checkPasswordStep,
  completeSignIn,
  findChallengeAccount,
  SIGN_IN_TIMED_OUT,
  WRONG_CREDENTIALS,
} from "@/lib/accounts/sign-in-challenge";
import {
  ALREADY_ON,
  beginTwoFactor,
  disableTwoFactor,
  enableTwoFactor,
  regenerateRecoveryCodes,
  verifySecondFactor,
  WRONG_CODE,
} from "@/lib/accounts/two-factor";
import { tokenHash } from "@/lib/accounts/tokens";
import { hashPassword } from "@/lib/auth/password";
import { sessionIsLive, startSession } from "@/lib/auth/sessions";
import type { Db } from "@/lib/db/create-db";
import { getOrganization } from "@/lib/db/organizations";
import { listOwnerOptions } from "@/lib/db/owners";
import { findTwoFactorStatus } from "@/lib/db/two-factor";
import { createKeySchema } from "@/lib/keys/schemas";
import { ADMINS_ONLY } from "@/lib/organizations/membership-change";
import { setTwoFactorRequirement, TURN_ON_YOURS_FIRST } from "@/lib/organizations/require-two-factor";
import { emailOf, makeKey, makeTeam, makeUser } from "@/tests/support/factories";
import { DATABASES, useTestDb } from "@/tests/support/test-db";

const PASSWORD = "correct horse battery staple";
const STEP = 30_000;
/** A fixed moment, so every code below belongs to a known time step. */
const T0 = new Date(Math.floor(Date.now() / STEP) * STEP);
const at = (steps: number) => new Date(T0.getTime() + steps * STEP);

/** What an authenticator app shows for the secret at that moment. */
const appCode = (secret: string, when: Date) =>
  new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: when.getTime() });

async function makeUserWithPassword(db: Db) {
  const id = await makeUser(db);
  await db.user.update({ where: { id }, data: { passwordHash: await hashPassword(PASSWORD) } });
  return { id, email: await emailOf(db, id) };
}

/** Two-factor turned on at T0 the way the settings page does it: the secret, then its first code. */
async function turnOn(db: Db, userId: string, sessionId: string | null = null) {
  const begun = await beginTwoFactor(db, userId);
  if (!begun.ok) throw new Error(begun.error);
  const enabled = await enableTwoFactor(db, userId, appCode(begun.data.secret, T0), sessionId, T0);
  if (!enabled.ok) throw new Error(enabled.error);
  return { secret: begun.data.secret, codes: enabled.data.recoveryCodes };
}

const keyInput = (ownerId: string) =>
  createKeySchema.parse({ name: "CI", expiresInDays: 90, ownerId, scopes: ["package:push"], packages: [], glob: "*" });

describe.each(DATABASES)("two-factor sign-in on %s", (kind) => {
  const t = useTestDb(kind);

  async function everythingStoredFor(userId: string) {
    const user = await t.db.user.findUniqueOrThrow({ where: { id: userId } });
    const [codes, challenges, audit, mail] = await Promise.all([
      t.db.recoveryCode.findMany({ where: { userId } }),
      t.db.signInChallenge.findMany({ where: { userId } }),
      t.db.auditEvent.findMany({ where: { OR: [{ actorId: userId }, { accountId: userId }] } }),
      t.db.outboxEmail.findMany({ where: { to: user.email } }),
    ]);
    return JSON.stringify({ user, codes, challenges, audit, mail });
  }

  it("keeps the secret sealed while enrolling and shows it to the app as a QR code and text", async () => {
    const user = await makeUser(t.db);
    const begun = await beginTwoFactor(t.db, user);
    expect(begun.ok).toBe(true);
    if (!begun.ok) return;
    const { secret, otpauthUri, qrDataUrl } = begun.data;
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(otpauthUri).toContain(`secret=${secret}`);
    expect(qrDataUrl).toMatch(/^data:image\/svg\+xml;base64,/);
    const row = await t.db.user.findUniqueOrThrow({ where: { id: user } });
    expect(row.totpSecret).not.toContain(secret);
    expect(row.totpSecret).toMatch(/^v1\./);
    expect(unseal(row.totpSecret!, user)).toBe(secret);
    expect(row.totpEnabledAt).toBeNull();
  });

  it("turns on only with a right first code, and hands out ten single-use recovery codes stored as hashes", async () => {
    const user = await makeUser(t.db);
    const begun = await beginTwoFactor(t.db, user);
    if (!begun.ok) throw new Error(begun.error);
    const wrong = await enableTwoFactor(t.db, user, appCode(begun.data.secret, at(-5)), null, T0);
    expect(wrong).toMatchObject({ ok: false, fieldErrors: { code: [expect.any(String)] } });
    expect((await findTwoFactorStatus(t.db, user)).enabledAt).toBeNull();

    const enabled = await enableTwoFactor(t.db, user, appCode(begun.data.secret, T0), null, T0);
    expect(enabled.ok).toBe(true);
    if (!enabled.ok) return;
    const codes = enabled.data.recoveryCodes;
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{2}$/);
    expect(await findTwoFactorStatus(t.db, user)).toEqual({ enabledAt: T0, recoveryCodesLeft: 10 });
    const stored = await everythingStoredFor(user);
    for (const code of codes) {
      expect(stored).not.toContain(code);
      expect(stored).not.toContain(code.replace(/-/g, ""));
    }
    expect(stored).not.toContain(begun.data.secret);
    expect(await t.db.auditEvent.count({ where: { accountId: user, action: "account.2fa-enable" } })).toBe(1);
    expect(
      await t.db.outboxEmail.count({ where: { to: await emailOf(t.db, user), subject: { contains: "is on" } } }),
    ).toBe(1);

    expect(await beginTwoFactor(t.db, user)).toEqual({ ok: false, error: ALREADY_ON });
    // The confirming code has been used: it does not sign in as well.
    expect(await verifySecondFactor(t.db, user, appCode(begun.data.secret, T0), T0)).toMatchObject({ ok: false });
  });

  it("accepts an app code once: the same code, or one of an earlier step, is refused afterwards", async () => {
    const user = await makeUser(t.db);
    const { secret } = await turnOn(t.db, user);
    const code = appCode(secret, at(1));
    expect(await verifySecondFactor(t.db, user, code, at(1))).toEqual({ ok: true, data: { method: "totp" } });
    expect(await verifySecondFactor(t.db, user, code, at(1))).toMatchObject({ ok: false, error: WRONG_CODE });
    expect(await verifySecondFactor(t.db, user, appCode(secret, at(0)), at(1))).toMatchObject({ ok: false });
    expect(await verifySecondFactor(t.db, user, appCode(secret, at(5)), at(1))).toMatchObject({ ok: false });
    // A code one step ahead of the clock (a phone running fast) is taken; then the next step must come.
    expect(await verifySecondFactor(t.db, user, appCode(secret, at(3)), at(2))).toMatchObject({ ok: true });
    expect(await verifySecondFactor(t.db, user, appCode(secret, at(3)), at(3))).toMatchObject({ ok: false });
    expect(await verifySecondFactor(t.db, user, appCode(secret, at(4)), at(4))).toMatchObject({ ok: true });
  });

  it("lets one of two parallel uses of the same code through, and one of two right codes finish a challenge", async () => {
    const user = await makeUserWithPassword(t.db);
    const { secret, codes } = await turnOn(t.db, user.id);
    const code = appCode(secret, at(1));
    const sameCode = await Promise.all([1, 2].map(() => verifySecondFactor(t.db, user.id, code, at(1))));
    expect(sameCode.filter((r) => r.ok)).toHaveLength(1);
    const recovery = await Promise.all([1, 2].map(() => verifySecondFactor(t.db, user.id, codes[0]!, at(1))));
    expect(recovery.filter((r) => r.ok)).toHaveLength(1);

    const step = await checkPasswordStep(t.db, { email: user.email, password: PASSWORD }, at(2));
    if (!step.ok || !step.data.challenge) throw new Error("no challenge");
    const challenge = step.data.challenge;
    const finished = await Promise.all(
      [appCode(secret, at(2)), codes[1]!].map((c) => completeSignIn(t.db, { challenge, code: c }, at(2))),
    );
    expect(finished.filter((r) => r.ok)).toHaveLength(1);
    // The loser's code was rolled back with its attempt: still unspent.
    const recoveryWon = finished[1]!.ok;
    const { totpLastStep } = await t.db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect((await findTwoFactorStatus(t.db, user.id)).recoveryCodesLeft).toBe(recoveryWon ? 8 : 9);
    expect(totpLastStep).toBe(Math.floor((recoveryWon ? at(1) : at(2)).getTime() / STEP));
  });

  it("accepts a recovery code once, however it is typed, and audits and mails its use without the code", async () => {
    const user = await makeUser(t.db);
    const { codes } = await turnOn(t.db, user);
    const typed = ` ${codes[0]!.toUpperCase().replace(/-/g, " ")} `;
    expect(await verifySecondFactor(t.db, user, typed, at(1))).toEqual({ ok: true, data: { method: "recovery" } });
    expect(await verifySecondFactor(t.db, user, codes[0]!, at(1))).toMatchObject({ ok: false });
    expect((await findTwoFactorStatus(t.db, user)).recoveryCodesLeft).toBe(9);
    expect(await t.db.auditEvent.count({ where: { accountId: user, action: "account.recovery-used" } })).toBe(1);
    const mail = await t.db.outboxEmail.findFirstOrThrow({
      where: { to: await emailOf(t.db, user), subject: { contains: "recovery code" } },
    });
    expect(mail.text).toContain("9 codes are left");
    expect(await everythingStoredFor(user)).not.toContain(codes[0]);
  });

  it("signs in in two steps: a right password gives a challenge, a right code spends it once", async () => {
    const user = await makeUserWithPassword(t.db);
    expect(await checkPasswordStep(t.db, { email: user.email, password: PASSWORD })).toEqual({
      ok: true,
      data: { challenge: null },
    });
    const { secret, codes } = await turnOn(t.db, user.id);
    expect(await checkPasswordStep(t.db, { email: user.email, password: "wrong password" })).toEqual({
      ok: false,
      error: WRONG_CREDENTIALS,
    });
    const step = await checkPasswordStep(t.db, { email: user.email, password: PASSWORD }, at(1));
    if (!step.ok || !step.data.challenge) throw new Error("no challenge");
    const challenge = step.data.challenge;
    const row = await t.db.signInChallenge.findFirstOrThrow({ where: { userId: user.id } });
    expect(row.tokenHash).toBe(tokenHash(challenge));
    expect(await findChallengeAccount(t.db, challenge, at(1))).toEqual({ email: user.email });

    expect(await completeSignIn(t.db, { challenge, code: "000000" }, at(1))).toMatchObject({
      ok: false,
      error: WRONG_CODE,
    });
    expect(await completeSignIn(t.db, { challenge, code: appCode(secret, at(1)) }, at(1))).toEqual({
      ok: true,
      data: { id: user.id, email: user.email, name: expect.any(String) },
    });
    // Spent: neither another right code nor a recovery code finishes it again.
    expect(await completeSignIn(t.db, { challenge, code: codes[0]! }, at(2))).toEqual({
      ok: false,
      error: SIGN_IN_TIMED_OUT,
    });
    expect(await findChallengeAccount(t.db, challenge, at(2))).toBeNull();
    expect((await findTwoFactorStatus(t.db, user.id)).recoveryCodesLeft).toBe(10);

    const late = await checkPasswordStep(t.db, { email: user.email, password: PASSWORD }, at(2));
    if (!late.ok || !late.data.challenge) throw new Error("no challenge");
    const tooLate = new Date(at(2).getTime() + 5 * 60_000 + 1);
    expect(await completeSignIn(t.db, { challenge: late.data.challenge, code: codes[1]! }, tooLate)).toEqual({
      ok: false,
      error: SIGN_IN_TIMED_OUT,
    });
    const recovery = await checkPasswordStep(t.db, { email: user.email, password: PASSWORD }, at(3));
    if (!recovery.ok || !recovery.data.challenge) throw new Error("no challenge");
    expect(await completeSignIn(t.db, { challenge: recovery.data.challenge, code: codes[1]! }, at(3))).toMatchObject({
      ok: true,
    });
    expect(await everythingStoredFor(user.id)).not.toContain(challenge);
  });

  it("turns off only with the password and a code, forgetting the secret and ending the other sessions", async () => {
    const user = await makeUserWithPassword(t.db);
    const here = await startSession(t.db, user.id, T0);
    const elsewhere = await startSession(t.db, user.id, T0);
    const { secret, codes } = await turnOn(t.db, user.id, here);
    expect(await t.db.session.findUniqueOrThrow({ where: { id: here } })).toMatchObject({ twoFactor: true });
    expect(await t.db.session.findUniqueOrThrow({ where: { id: elsewhere } })).toMatchObject({ twoFactor: false });

    const code = appCode(secret, at(1));
    expect(await disableTwoFactor(t.db, user.id, { password: "wrong password", code }, here, at(1))).toMatchObject({
      ok: false,
      fieldErrors: { password: [expect.any(String)] },
    });
    expect(await disableTwoFactor(t.db, user.id, { password: PASSWORD, code: "123456" }, here, at(1))).toMatchObject({
      ok: false,
      fieldErrors: { code: [expect.any(String)] },
    });
    expect((await findTwoFactorStatus(t.db, user.id)).enabledAt).not.toBeNull();
    expect(await sessionIsLive(t.db, elsewhere, user.id, at(1))).toBe(true);

    expect(await disableTwoFactor(t.db, user.id, { password: PASSWORD, code }, here, at(1))).toEqual({
      ok: true,
      data: undefined,
    });
    expect(await t.db.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({
      totpSecret: null,
      totpEnabledAt: null,
      totpLastStep: null,
    });
    expect(await t.db.recoveryCode.count({ where: { userId: user.id } })).toBe(0);
    expect(await sessionIsLive(t.db, here, user.id, at(1))).toBe(true);
    expect(await sessionIsLive(t.db, elsewhere, user.id, at(1))).toBe(false);
    expect(await verifySecondFactor(t.db, user.id, codes[0]!, at(2))).toMatchObject({ ok: false });
    expect(await t.db.auditEvent.count({ where: { accountId: user.id, action: "account.2fa-disable" } })).toBe(1);
    expect(await t.db.outboxEmail.count({ where: { to: user.email, subject: { contains: "is off" } } })).toBe(1);
    // The password alone signs in again.
    expect(await checkPasswordStep(t.db, { email: user.email, password: PASSWORD })).toEqual({
      ok: true,
      data: { challenge: null },
    });
  });

  it("turns off with a recovery code instead of an app code", async () => {
    const user = await makeUserWithPassword(t.db);
    const { codes } = await turnOn(t.db, user.id);
    expect(await disableTwoFactor(t.db, user.id, { password: PASSWORD, code: codes[3]! }, null, at(1))).toMatchObject({
      ok: true,
    });
  });

  it("replaces the recovery codes for the password: the old ones stop working", async () => {
    const user = await makeUserWithPassword(t.db);
    const { codes } = await turnOn(t.db, user.id);
    expect(await regenerateRecoveryCodes(t.db, user.id, "wrong password")).toMatchObject({
      ok: false,
      fieldErrors: { password: [expect.any(String)] },
    });
    const replaced = await regenerateRecoveryCodes(t.db, user.id, PASSWORD);
    if (!replaced.ok) throw new Error(replaced.error);
    expect(replaced.data.recoveryCodes).toHaveLength(10);
    expect(replaced.data.recoveryCodes).not.toContain(codes[0]);
    expect(await verifySecondFactor(t.db, user.id, codes[0]!, at(1))).toMatchObject({ ok: false });
    expect(await verifySecondFactor(t.db, user.id, replaced.data.recoveryCodes[0]!, at(1))).toMatchObject({ ok: true });
    expect(await t.db.auditEvent.count({ where: { accountId: user.id, action: "account.recovery-codes" } })).toBe(1);
  });

  it("lets only admins with two-factor require it, and then refuses keys to members without it", async () => {
    const { org, admin, collaborator } = await makeTeam(t.db);
    expect(await setTwoFactorRequirement(t.db, collaborator, org, true)).toEqual({ ok: false, error: ADMINS_ONLY });
    expect(await setTwoFactorRequirement(t.db, admin, org, true)).toEqual({ ok: false, error: TURN_ON_YOURS_FIRST });
    await turnOn(t.db, admin);
    const mailsBefore = await t.db.outboxEmail.count({ where: { to: await emailOf(t.db, collaborator) } });
    expect(await setTwoFactorRequirement(t.db, admin, org, true)).toEqual({ ok: true, data: undefined });
    expect(
      await t.db.auditEvent.findFirstOrThrow({ where: { accountId: org, action: "org.require-2fa" } }),
    ).toMatchObject({
      actorId: admin,
      detail: JSON.stringify({ required: true }),
    });
    // Members without it are told; the admin, who has it, is not.
    expect(await t.db.outboxEmail.count({ where: { to: await emailOf(t.db, collaborator) } })).toBe(mailsBefore + 1);
    expect(
      await t.db.outboxEmail.count({ where: { to: await emailOf(t.db, admin), subject: { contains: "requires" } } }),
    ).toBe(0);
    expect(
      (
        await getOrganization(
          t.db,
          collaborator,
          (await t.db.account.findUniqueOrThrow({ where: { id: org } })).username,
        )
      )?.requireTwoFactor,
    ).toBe(true);

    const refused = await createApiKey(t.db, collaborator, keyInput(org));
    expect(refused).toMatchObject({
      ok: false,
      fieldErrors: { ownerId: [expect.stringContaining("requires two-factor")] },
    });
    expect(await createApiKey(t.db, collaborator, keyInput(collaborator))).toMatchObject({ ok: true });
    expect((await listOwnerOptions(t.db, collaborator)).find((o) => o.id === org)).toMatchObject({
      needsTwoFactor: true,
    });
    const older = await makeKey(t.db, collaborator, { ownerId: org });
    expect(await regenerateApiKey(t.db, collaborator, older.id)).toMatchObject({ ok: false });

    await turnOn(t.db, collaborator);
    expect((await listOwnerOptions(t.db, collaborator)).find((o) => o.id === org)).toMatchObject({
      needsTwoFactor: false,
    });
    const created = await createApiKey(t.db, collaborator, keyInput(org), new Date(), { twoFactor: true });
    expect(created).toMatchObject({ ok: true, data: { key: { twoFactor: true } } });
    const regenerated = await regenerateApiKey(t.db, collaborator, older.id, new Date(), { twoFactor: true });
    expect(regenerated).toMatchObject({ ok: true, data: { key: { twoFactor: true } } });
    expect(await createApiKey(t.db, admin, keyInput(org))).toMatchObject({
      ok: true,
      data: { key: { twoFactor: false } },
    });

    expect(await setTwoFactorRequirement(t.db, admin, org, false)).toEqual({ ok: true, data: undefined });
    expect(await t.db.organization.findUniqueOrThrow({ where: { id: org } })).toMatchObject({
      requireTwoFactor: false,
    });
  });
});
