// npm run jobs:expiry: queue and send the key expiry mails (safe to run from several schedulers at once).
import { createDb } from "../lib/db/client";
import { runExpiryJob } from "../lib/jobs/expiry";

try {
  process.loadEnvFile(".env");
} catch {}

const db = createDb();
runExpiryJob(db)
  .then((run) =>
    console.log(`Expiry mails queued: ${run.expiring} expiring, ${run.expired} expired; sent over SMTP: ${run.sent}.`),
  )
  .catch((error: Error) => {
    console.error(error.message);
    process.exitCode = 1;
  })
  .finally(() => db.$disconnect());
