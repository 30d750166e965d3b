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
import { EMPTY_METADATA, storedMetadata, type DependencyGroup } from "../lib/nuget/metadata";
import { isSemVer2 } from "../lib/nuget/version";

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

/** What a seeded package says about itself, as its nuspec would. */
type SeedPackage = {
  owner: string;
  id: string;
  versions: [string, boolean][];
  description: string;
  authors: string;
  tags: string[];
  dependencies?: DependencyGroup[];
};

async function upsertPackage(db: Db, ownerId: string, p: SeedPackage) {
  const pkg = await db.package.upsert({
    where: { idKey: p.id.toLowerCase() },
    create: { packageId: p.id, idKey: p.id.toLowerCase(), ownerId },
    update: { ownerId },
  });
  let total = 0;
  for (const [index, [version, listed]] of p.versions.entries()) {
    const metadata = storedMetadata({
      ...EMPTY_METADATA,
      description: p.description,
      authors: p.authors,
      tags: p.tags,
      projectUrl: `https://github.com/${p.authors.split(" ")[0]!.toLowerCase()}/${p.id.toLowerCase()}`,
      licenseExpression: "MIT",
      dependencyGroups: p.dependencies ?? [],
      semVer2: isSemVer2(version),
    });
    // Fixed counts, so a second run leaves the same numbers; older versions were fetched more.
    const downloads = (p.id.length * 137 + (p.versions.length - index) * 251) % 5000;
    total += downloads;
    await db.packageVersion.upsert({
      where: { packageId_versionKey: { packageId: pkg.id, versionKey: version.toLowerCase() } },
      create: { packageId: pkg.id, version, versionKey: version.toLowerCase(), listed, downloads, ...metadata },
      update: { listed, downloads, ...metadata },
    });
  }
  await db.package.update({ where: { id: pkg.id }, data: { downloads: total } });
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

  const net8 = (dependencies: [string, string][]): DependencyGroup[] => [
    { targetFramework: "net8.0", dependencies: dependencies.map(([id, range]) => ({ id, range })) },
    { targetFramework: ".NETStandard2.0", dependencies: dependencies.map(([id, range]) => ({ id, range })) },
  ];
  const packages: SeedPackage[] = [
    {
      owner: alice,
      id: "Fabrikam.Core",
      versions: [
        ["1.0.0", true],
        ["1.1.0", true],
        ["2.0.0-beta.1", true],
      ],
      description: "Core types and helpers shared by the Fabrikam libraries.",
      authors: "Alice Anders",
      tags: ["fabrikam", "core", "utilities"],
    },
    {
      owner: alice,
      id: "Fabrikam.Data",
      versions: [
        ["1.0.0", true],
        ["1.0.1", false],
      ],
      description: "Data access for Fabrikam applications: repositories, migrations and a unit of work.",
      authors: "Alice Anders",
      tags: ["fabrikam", "data", "orm"],
      dependencies: net8([["Fabrikam.Core", "[1.0.0, )"]]),
    },
    {
      owner: alice,
      id: "Fabrikam.Web",
      versions: [["0.9.0", true]],
      description: "ASP.NET Core middleware and tag helpers for Fabrikam web sites.",
      authors: "Alice Anders",
      tags: ["fabrikam", "web", "aspnetcore"],
      dependencies: net8([
        ["Fabrikam.Core", "[1.1.0, )"],
        ["Fabrikam.Data", "[1.0.0, 2.0.0)"],
      ]),
    },
    {
      owner: alice,
      id: "Alice.Utils",
      versions: [["3.2.1", true]],
      description: "Small string, date and collection helpers.",
      authors: "Alice Anders",
      tags: ["utilities", "strings", "collections"],
    },
    {
      owner: alice,
      id: "Alice.Logging",
      versions: [["1.0.0", true]],
      description: "Structured logging with JSON output and log levels per category.",
      authors: "Alice Anders",
      tags: ["logging", "json", "diagnostics"],
      dependencies: net8([["Alice.Utils", "[3.0.0, )"]]),
    },
    {
      owner: contoso,
      id: "Contoso.Service.Api",
      versions: [
        ["4.0.0", true],
        ["4.1.0", true],
      ],
      description: "The HTTP API of Contoso services: routing, validation and problem details.",
      authors: "Contoso Ltd.",
      tags: ["contoso", "api", "http"],
      dependencies: net8([
        ["Contoso.Service.Auth", "[2.3.0, )"],
        ["Contoso.Client", "[1.5.0, )"],
      ]),
    },
    {
      owner: contoso,
      id: "Contoso.Service.Worker",
      versions: [["4.0.0", true]],
      description: "Background jobs for Contoso services, with retries and schedules.",
      authors: "Contoso Ltd.",
      tags: ["contoso", "jobs", "background"],
      dependencies: net8([["Contoso.Service.Api", "[4.0.0, )"]]),
    },
    {
      owner: contoso,
      id: "Contoso.Service.Auth",
      versions: [
        ["2.3.0", true],
        ["2.2.0", false],
      ],
      description: "Authentication and authorization for Contoso services: tokens, scopes and policies.",
      authors: "Contoso Ltd.",
      tags: ["contoso", "auth", "security"],
    },
    {
      owner: contoso,
      id: "Contoso.Client",
      versions: [["1.5.0", true]],
      description: "A typed client for the Contoso service API.",
      authors: "Contoso Ltd.",
      tags: ["contoso", "client", "http"],
    },
    {
      owner: contoso,
      id: "Contoso.Tools",
      versions: [["0.1.0", true]],
      description: "Command-line tools for Contoso developers.",
      authors: "Contoso Ltd.",
      tags: ["contoso", "tools", "cli"],
    },
    {
      owner: bob,
      id: "Bob.Toolkit",
      versions: [["1.0.0", true]],
      description: "Bob's toolkit of extension methods for everyday .NET code.",
      authors: "Bob Berg",
      tags: ["toolkit", "extensions"],
    },
    {
      owner: bob,
      id: "Bob.Json",
      versions: [["0.2.0", true]],
      description: "A fast JSON reader and writer with source-generated converters.",
      authors: "Bob Berg",
      tags: ["json", "serialization"],
    },
  ];
  for (const p of packages) await upsertPackage(db, p.owner, p);

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
  await upsertPolicy(db, now, alice, DEMO_POLICY);
}

/** alice's Trusted Publishing policy for the demo token issuer's repository (/demo/oidc, demo mode). */
export const DEMO_POLICY = {
  name: "Widgets release (demo)",
  repositoryOwner: "alice-demo",
  repository: "widgets",
  workflowFile: "release.yml",
};

/** A policy of the user's own, brought back to pending its first use from now. */
async function upsertPolicy(db: Db, now: Date, userId: string, policy: typeof DEMO_POLICY) {
  const data = { ...policy, environment: null, activatedAt: now, repositoryId: null, repositoryOwnerId: null };
  const existing = await db.trustedPublishingPolicy.findFirst({
    where: { creatorId: userId, name: policy.name },
    select: { id: true },
  });
  if (existing) await db.trustedPublishingPolicy.update({ where: { id: existing.id }, data });
  else
    await db.trustedPublishingPolicy.create({ data: { ...data, ownerId: userId, creatorId: userId, createdAt: now } });
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
