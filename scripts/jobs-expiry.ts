// npm run jobs:expiry: queue and send the key expiry mails, purge expired Trusted Publishing keys (once an hour across
// instances on PostgreSQL, so several schedulers may start it).
// Runs with --conditions=react-server (see package.json), as it uses the app's server-only modules.
import { createDb } from "../lib/db/create-db";
import { env } from "../lib/env";
import { runScheduledExpiryJob } from "../lib/jobs/expiry";

try {
  process.loadEnvFile(".env");
} catch {}

async function main() {
  const db = createDb(env().DATABASE_URL);
  try {
    const run = await runScheduledExpiryJob(db);
    if (!run.ran) {
      console.log(`The expiry job did not run: ${run.reason}.`);
      return;
    }
    const { expiring, expired, sent, purged } = run.result;
    console.log(`Expiry mails queued: ${expiring} expiring, ${expired} expired; sent over SMTP: ${sent}.`);
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
