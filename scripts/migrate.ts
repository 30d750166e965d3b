// npm run db:migrate: applies the pending migrations to DATABASE_URL.
// Runs with --conditions=react-server (see package.json), as lib/env.ts is server-only.
import { migrate } from "../lib/db/migrate";
import { env } from "../lib/env";

try {
  process.loadEnvFile(".env");
} catch {}

async function main() {
  const applied = await migrate(env().DATABASE_URL);
  console.log(applied.length ? `Applied migrations: ${applied.join(", ")}` : "Database is up to date.");
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
