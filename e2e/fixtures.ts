import { randomBytes } from "node:crypto";
import { readFileSync, existsSync } from "node:fs";
import { test as base } from "@playwright/test";
import { createDb, type Db } from "../lib/db/create-db";
import { hashPassword } from "../lib/auth/password";
import { DAY_MS } from "../lib/keys/expiry";
import { mintKey } from "../lib/keys/format";
import { E2E_DATABASE_URL } from "./env";

export const PASSWORD = "e2e-password-1";
let passwordHash: Promise<string> | null = null;

export type TestUser = { id: string; email: string; username: string; packages: string[] };

/** A fresh user with a few packages of their own, so each test starts from a known state. */
export async function createUser(
  db: Db,
  packages = ["Widgets.Core", "Widgets.Data", "Widgets.Web", "Tools.Cli"],
): Promise<TestUser> {
  passwordHash ??= hashPassword(PASSWORD);
  const tag = randomBytes(4).toString("hex");
  const username = `user-${tag}`;
  const ids = packages.map((p) => `${p}.${tag}`);
  const account = await db.account.create({
    data: {
      kind: "user",
      username,
      usernameKey: username,
      user: { create: { email: `${username}@example.test`, name: `User ${tag}`, passwordHash: await passwordHash, emailConfirmedAt: new Date() } },
      packages: { create: ids.map((packageId) => ({ packageId, idKey: packageId.toLowerCase() })) },
    },
  });
  return { id: account.id, email: `${username}@example.test`, username, packages: ids };
}

type KeyRow = {
  name?: string;
  ownerId?: string;
  scopes?: string[];
  glob?: string;
  expiresInDays?: number;
  createdAt?: Date;
  lastUsedAt?: Date | null;
};

/** A key for the user straight in the database: its secret is known to the test alone. */
export async function insertKey(db: Db, userId: string, row: KeyRow = {}) {
  const { secret, hash, hint } = mintKey();
  const { scopes = ["package:push", "package:unlist"], expiresInDays = 90, ...rest } = row;
  const key = await db.apiKey.create({
    data: {
      name: rest.name ?? `e2e key ${hint}`,
      creatorId: userId,
      ownerId: rest.ownerId ?? userId,
      hash,
      hint,
      glob: rest.glob ?? "*",
      durationDays: 90,
      createdAt: rest.createdAt,
      lastUsedAt: rest.lastUsedAt ?? null,
      expiresAt: new Date(Date.now() + expiresInDays * DAY_MS),
      scopes: { create: scopes.map((scope) => ({ scope })) },
    },
  });
  return { id: key.id, secret, expiresAt: key.expiresAt! };
}

/** Every byte of the e2e SQLite database, to prove a secret was never written to it. */
export function databaseBytes(): string {
  const file = E2E_DATABASE_URL.replace(/^file:/, "");
  return [file, `${file}-wal`, `${file}-journal`]
    .filter((f) => existsSync(f))
    .map((f) => readFileSync(f).toString("latin1"))
    .join("");
}

export const test = base.extend<{ db: Db }, { workerDb: Db }>({
  workerDb: [
    async ({}, provide) => {
      const db = createDb(E2E_DATABASE_URL);
      await provide(db);
      await db.$disconnect();
    },
    { scope: "worker" },
  ],
  db: async ({ workerDb }, provide) => provide(workerDb),
});

export { expect } from "@playwright/test";
