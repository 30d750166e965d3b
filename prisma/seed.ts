// Demo data (SPEC 1.4). Idempotent: a second run brings the same rows back to the same state.
import { createDb, type Db } from "../lib/db/create-db";
import { env } from "../lib/env";
import { mailConfirmationLink } from "../lib/accounts/email-confirmation";
import { hashPassword } from "../lib/auth/password";
import { seal, unseal } from "../lib/accounts/sealed";
import { recoveryCodeHash } from "../lib/accounts/totp";
import { mintKey } from "../lib/keys/format";
import { DAY_MS, expiresAtFrom } from "../lib/keys/expiry";
import type { Scope } from "../lib/keys/scopes";

try {
  process.loadEnvFile(".env");
} catch {}

export const DEMO_PASSWORD = "demo-password-1";
/** dave@example.com's authenticator secret (base32, SHA-1, 6 digits, 30 s), printed in the README to try it. */
export const DEMO_TOTP_SECRET = "DAVEDUNNDEMOSECRET2FA7GALLERY234";
/** dave@example.com's recovery codes: each signs in once, and seeding again restores them all. */
export const DEMO_RECOVERY_CODES = [
  "demo-code-01",
  "demo-code-02",
  "demo-code-03",
  "demo-code-04",
  "demo-code-05",
  "demo-code-06",
  "demo-code-07",
  "demo-code-08",
  "demo-code-09",
  "demo-code-10",
];

async function upsertUser(
  db: Db,
  username: string,
  email: string,
  name: string,
  passwordHash: string,
  emailConfirmedAt: Date | null = new Date(),
) {
  const account = await db.account.upsert({
    where: { usernameKey: username.toLowerCase() },
    create: { kind: "user", username, usernameKey: username.toLowerCase() },
    update: {},
  });
  await db.user.upsert({
    where: { id: account.id },
    create: { id: account.id, email, name, passwordHash, emailConfirmedAt },
    update: { email, name, passwordHash, emailConfirmedAt },
  });
  return account.id;
}

/** Two-factor on with the demo secret; the sealed value is kept while it still opens to the same secret. */
async function enableDemoTwoFactor(db: Db, userId: string, now: Date) {
  const { totpSecret } = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { totpSecret: true } });
  const sealed =
    totpSecret && unseal(totpSecret, userId) === DEMO_TOTP_SECRET ? totpSecret : seal(DEMO_TOTP_SECRET, userId);
  await db.user.update({
    where: { id: userId },
    data: { totpSecret: sealed, totpEnabledAt: new Date(now.getTime() - 30 * DAY_MS), totpLastStep: null },
  });
  await db.recoveryCode.deleteMany({ where: { userId } });
  await db.recoveryCode.createMany({
    data: DEMO_RECOVERY_CODES.map((code) => ({ userId, codeHash: recoveryCodeHash(userId, code) })),
  });
}

async function upsertOrganization(db: Db, username: string, name: string) {
  const account = await db.account.upsert({
    where: { usernameKey: username.toLowerCase() },
    create: { kind: "organization", username, usernameKey: username.toLowerCase() },
    update: {},
  });
  await db.organization.upsert({ where: { id: account.id }, create: { id: account.id, name }, update: { name } });
  return account.id;
}

async function upsertPackage(db: Db, ownerId: string, packageId: string, versions: [string, boolean][]) {
  const pkg = await db.package.upsert({
    where: { idKey: packageId.toLowerCase() },
    create: { packageId, idKey: packageId.toLowerCase(), ownerId },
    update: { ownerId },
  });
  for (const [version, listed] of versions) {
    await db.packageVersion.upsert({
      where: { packageId_versionKey: { packageId: pkg.id, versionKey: version.toLowerCase() } },
      create: { packageId: pkg.id, version, versionKey: version.toLowerCase(), listed },
      update: { listed },
    });
  }
}

type SeedKey = {
  name: string;
  creatorId: string;
  ownerId: string;
  scopes: Scope[];
  packages?: string[];
  glob?: string;
  createdDaysAgo: number;
  durationDays: number | null;
  lastUsedDaysAgo?: number;
  revoked?: string;
  legacy?: boolean;
  twoFactor?: boolean;
};

async function upsertKey(db: Db, now: Date, k: SeedKey) {
  const createdAt = new Date(now.getTime() - k.createdDaysAgo * DAY_MS);
  const data = {
    ownerId: k.ownerId,
    glob: k.glob ?? null,
    createdAt,
    durationDays: k.durationDays,
    expiresAt: k.durationDays === null ? null : expiresAtFrom(createdAt, k.durationDays),
    lastUsedAt: k.lastUsedDaysAgo === undefined ? null : new Date(now.getTime() - k.lastUsedDaysAgo * DAY_MS),
    revokedAt: k.revoked ? new Date(now.getTime() - DAY_MS) : null,
    revokedReason: k.revoked ?? null,
    legacy: k.legacy ?? false,
    twoFactor: k.twoFactor ?? false,
  };
  await db.$transaction(async (tx) => {
    const existing = await tx.apiKey.findFirst({
      where: { creatorId: k.creatorId, name: k.name },
      select: { id: true },
    });
    let id = existing?.id;
    if (id) {
      await tx.apiKey.update({ where: { id }, data });
    } else {
      // The seed keeps no plaintext: these keys exist to be seen, not used.
      const { hash, hint } = mintKey();
      id = (
        await tx.apiKey.create({
          data: { ...data, name: k.name, creatorId: k.creatorId, hash, hint },
        })
      ).id;
    }
    await tx.apiKeyScope.deleteMany({ where: { keyId: id } });
    await tx.apiKeySubject.deleteMany({ where: { keyId: id } });
    await tx.apiKeyScope.createMany({ data: k.scopes.map((scope) => ({ keyId: id, scope })) });
    await tx.apiKeySubject.createMany({
      data: (k.packages ?? []).map((p) => ({ keyId: id, packageId: p, idKey: p.toLowerCase() })),
    });
  });
}

export async function seed(db: Db, now = new Date()) {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const alice = await upsertUser(db, "alice", "alice@example.com", "Alice Anders", passwordHash);
  const bob = await upsertUser(db, "bob", "bob@example.com", "Bob Berg", passwordHash);
  // carol signed up but has not confirmed her address: she can sign in, but gets no keys until she does.
  const carol = await upsertUser(db, "carol", "carol@example.com", "Carol Chen", passwordHash, null);
  await seedConfirmationMail(db, carol, "carol@example.com", now);
  const dave = await upsertUser(db, "dave", "dave@example.com", "Dave Dunn", passwordHash);
  await enableDemoTwoFactor(db, dave, now);
  const contoso = await upsertOrganization(db, "Contoso", "Contoso Ltd.");
  for (const [userId, role] of [
    [alice, "admin"],
    [bob, "collaborator"],
  ] as const) {
    await db.membership.upsert({
      where: { organizationId_userId: { organizationId: contoso, userId } },
      create: { organizationId: contoso, userId, role },
      update: { role },
    });
  }

  const packages: [string, string, [string, boolean][]][] = [
    [
      alice,
      "Fabrikam.Core",
      [
        ["1.0.0", true],
        ["1.1.0", true],
        ["2.0.0-beta.1", true],
      ],
    ],
    [
      alice,
      "Fabrikam.Data",
      [
        ["1.0.0", true],
        ["1.0.1", false],
      ],
    ],
    [alice, "Fabrikam.Web", [["0.9.0", true]]],
    [alice, "Alice.Utils", [["3.2.1", true]]],
    [alice, "Alice.Logging", [["1.0.0", true]]],
    [
      contoso,
      "Contoso.Service.Api",
      [
        ["4.0.0", true],
        ["4.1.0", true],
      ],
    ],
    [contoso, "Contoso.Service.Worker", [["4.0.0", true]]],
    [
      contoso,
      "Contoso.Service.Auth",
      [
        ["2.3.0", true],
        ["2.2.0", false],
      ],
    ],
    [contoso, "Contoso.Client", [["1.5.0", true]]],
    [contoso, "Contoso.Tools", [["0.1.0", true]]],
    [bob, "Bob.Toolkit", [["1.0.0", true]]],
    [bob, "Bob.Json", [["0.2.0", true]]],
  ];
  for (const [ownerId, id, versions] of packages) await upsertPackage(db, ownerId, id, versions);

  const keys: SeedKey[] = [
    {
      name: "Full access API key",
      creatorId: alice,
      ownerId: alice,
      scopes: ["package:push", "package:unlist"],
      createdDaysAgo: 900,
      durationDays: null,
      lastUsedDaysAgo: 40,
      legacy: true,
    },
    {
      name: "Old build server",
      creatorId: alice,
      ownerId: alice,
      scopes: ["package:unlist"],
      packages: ["Fabrikam.Data"],
      createdDaysAgo: 120,
      durationDays: 90,
      lastUsedDaysAgo: 35,
    },
    {
      name: "Leaked laptop key",
      creatorId: alice,
      ownerId: alice,
      scopes: ["package:push"],
      packages: ["Alice.Utils"],
      createdDaysAgo: 60,
      durationDays: 365,
      revoked: "Revoked by its creator",
    },
    {
      name: "Release pipeline",
      creatorId: alice,
      ownerId: alice,
      scopes: ["package:pushversion"],
      packages: ["Alice.Utils", "Alice.Logging"],
      createdDaysAgo: 84,
      durationDays: 90,
      lastUsedDaysAgo: 2,
    },
    {
      name: "Contoso services deploy",
      creatorId: alice,
      ownerId: contoso,
      scopes: ["package:push", "package:unlist"],
      glob: "Contoso.Service.*",
      createdDaysAgo: 20,
      durationDays: 180,
      lastUsedDaysAgo: 1,
    },
    {
      name: "Fabrikam CI",
      creatorId: alice,
      ownerId: alice,
      scopes: ["package:push"],
      packages: ["Fabrikam.Web"],
      glob: "Fabrikam.*",
      createdDaysAgo: 3,
      durationDays: 365,
    },
    {
      name: "Bob toolkit publish",
      creatorId: bob,
      ownerId: bob,
      scopes: ["package:push"],
      glob: "Bob.*",
      createdDaysAgo: 10,
      durationDays: 365,
      lastUsedDaysAgo: 4,
    },
    {
      name: "Contoso client CI",
      creatorId: bob,
      ownerId: contoso,
      scopes: ["package:pushversion"],
      packages: ["Contoso.Client"],
      createdDaysAgo: 5,
      durationDays: 90,
    },
    {
      name: "Dave's signed releases",
      creatorId: dave,
      ownerId: dave,
      scopes: ["package:push"],
      glob: "Dave.*",
      createdDaysAgo: 7,
      durationDays: 365,
      twoFactor: true,
    },
  ];
  for (const key of keys) await upsertKey(db, now, key);
  await seedUsage(db, now, alice, "Contoso services deploy", ["Contoso.Service.Api", "Contoso.Service.Worker"]);
  await seedUsage(db, now, alice, "Release pipeline", ["Alice.Utils"]);
}

/** A confirmation link waiting in the demo outbox, unless one is already open. */
async function seedConfirmationMail(db: Db, userId: string, email: string, now: Date) {
  const open = await db.emailToken.count({
    where: { userId, purpose: "confirm", usedAt: null, expiresAt: { gt: now } },
  });
  if (open === 0) await db.$transaction((tx) => mailConfirmationLink(tx, userId, email, "confirm", now));
}

/** A month of pushes and a few refusals, so the usage page has something to show. */
async function seedUsage(db: Db, now: Date, creatorId: string, keyName: string, packageIds: string[]) {
  const key = await db.apiKey.findFirstOrThrow({ where: { creatorId, name: keyName }, select: { id: true } });
  await db.usageEvent.deleteMany({ where: { keyId: key.id } });
  const rows = [];
  for (let day = 29; day >= 1; day--) {
    const uses = (day * 7) % 5;
    for (let i = 0; i < uses; i++) {
      const refused = (day + i) % 6 === 0;
      const packageId = packageIds[(day + i) % packageIds.length]!;
      rows.push({
        keyId: key.id,
        createdAt: new Date(now.getTime() - day * DAY_MS + i * 3_600_000),
        action: "push",
        packageId,
        version: `1.${30 - day}.${i}`,
        status: refused ? 409 : 201,
        result: refused
          ? `The package ${packageId} 1.${30 - day}.${i} already exists and cannot be modified.`
          : `Created ${packageId} 1.${30 - day}.${i}.`,
        ip: "203.0.113.7",
        userAgent: "NuGet Command Line/6.11.0 (Microsoft Windows NT 10.0.22631.0)",
      });
    }
  }
  await db.usageEvent.createMany({ data: rows });
}

if (require.main === module) {
  const db = createDb(env().DATABASE_URL);
  seed(db)
    .then(() =>
      console.log(
        `Seeded demo data: alice@, bob@, carol@ (unconfirmed) and dave@example.com (two-factor sign-in, ` +
          `authenticator secret ${DEMO_TOTP_SECRET}), password ${DEMO_PASSWORD}`,
      ),
    )
    .catch((error: Error) => {
      console.error(error.message);
      process.exitCode = 1;
    })
    .finally(() => db.$disconnect());
}
