import { migrate } from "../lib/db/migrate";
import { databaseUrl } from "../lib/db/url";

try {
  process.loadEnvFile(".env");
} catch {}

migrate(databaseUrl()).then(
  (applied) => console.log(applied.length ? `Applied migrations: ${applied.join(", ")}` : "Database is up to date."),
  (error: Error) => {
    console.error(error.message);
    process.exit(1);
  },
);
