// npm run demo: migrate and seed SQLite, build, serve on http://localhost:3000 (PORT overrides).
import { execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";

if (!existsSync(".env")) {
  const example = readFileSync(".env.example", "utf8");
  writeFileSync(".env", example.replace(/^AUTH_SECRET=$/m, `AUTH_SECRET=${randomBytes(32).toString("base64url")}`));
  console.log("Wrote .env with a new AUTH_SECRET.");
}
process.loadEnvFile(".env");

// `npm install <pkg>` prunes the generated clients; bring them back.
if (!existsSync("node_modules/@gallery/prisma-sqlite") || !existsSync("node_modules/@gallery/prisma-postgres")) {
  execFileSync("node", ["scripts/prisma-generate.mjs"], { stdio: "inherit" });
}
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", CHECKPOINT_DISABLE: "1", DEMO_MODE: "1" };
const step = (args) => execFileSync("npx", args, { stdio: "inherit", env });

// The scripts use the app's server-only modules, so they resolve packages as the server does.
step(["tsx", "--conditions=react-server", "scripts/migrate.ts"]);
step(["tsx", "--conditions=react-server", "prisma/seed.ts"]);
step(["tsx", "--conditions=react-server", "scripts/jobs-expiry.ts"]);
step(["next", "build"]);

const port = process.env.PORT || "3000";
console.log(`\nServing the demo gallery on http://localhost:${port} (alice@example.com / demo-password-1)`);
const server = spawn("npx", ["next", "start", "-p", port], { stdio: "inherit", env });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
