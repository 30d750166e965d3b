// npm run jobs:expiry: queue and send the key expiry mails, purge expired Trusted Publishing keys (safe to run from several schedulers at once).
// Runs with --conditions=react-server (see package.json), as it uses the app's server-only modules.
import { createDb } from "../lib/db/create-db";
import { env } from "../lib/env";
import { purgeExpiredShortLived, runExpiryJob } from "../lib/jobs/expiry";

try {
  process.loadEnvFile(".env");
} catch {}

async function main() {
  const db = createDb(env().DATABASE_URL);
  try {
    const run = await runExpiryJob(db);
    console.log(`Expiry mails queued: ${run.expiring} expiring, ${run.expired} expired; sent over SMTP: ${run.sent}.`);
    const purged = await purgeExpiredShortLived(db);
    console.log(
      `Purged ${purged.shortLivedKeys} expired Trusted Publishing keys and ${purged.usedTokens} expired OIDC token ids.`,
    );
  } finally {
    await db.$disconnect();
  }
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exitCode = 1;
});
