// npm run packages:reassign -- <packageId> <newOwnerUsername>: a deleted account's package gets a new owner.
// Runs with --conditions=react-server (see package.json), as it uses the app's server-only modules.
import { reassignPackage } from "../lib/accounts/reassign-package";
import { createDb } from "../lib/db/create-db";
import { env } from "../lib/env";

try {
  process.loadEnvFile(".env");
} catch {}

async function main() {
  const [packageId, owner, ...rest] = process.argv.slice(2);
  if (!packageId || !owner || rest.length > 0) {
    console.error("Usage: npm run packages:reassign -- <packageId> <newOwnerUsername>");
    process.exitCode = 2;
    return;
  }
  const db = createDb(env().DATABASE_URL);
  try {
    const result = await reassignPackage(db, packageId, owner);
    if (!result.ok) {
      console.error(result.error);
      process.exitCode = 1;
      return;
    }
    const { from, to } = result.data;
    console.log(`${result.data.packageId} now belongs to ${to} (it was ${from}'s, a deleted account).`);
  } finally {
    await db.$disconnect();
  }
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exitCode = 1;
});
