// Gives the e2e server a freshly migrated and seeded database.
import { rmSync } from "node:fs";
import { createDb } from "../lib/db/create-db";
import { migrate } from "../lib/db/migrate";
import { seed } from "../prisma/seed";
import { E2E_DATABASE_URL } from "./env";

async function main() {
  if (E2E_DATABASE_URL.startsWith("file:")) {
    for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(E2E_DATABASE_URL.slice(5) + suffix, { force: true });
  }
  await migrate(E2E_DATABASE_URL);
  const db = createDb(E2E_DATABASE_URL);
  try {
    await seed(db);
  } finally {
    await db.$disconnect();
  }
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
