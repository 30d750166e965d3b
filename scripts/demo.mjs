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
const port = process.env.PORT || "3000";
// Links in mails and sign-in redirects use GALLERY_URL; NuGet clients on other machines need this host's name.
const env = {
  ...process.env,
  NEXT_TELEMETRY_DISABLED: "1",
  CHECKPOINT_DISABLE: "1",
  DEMO_MODE: "1",
  GALLERY_URL: process.env.GALLERY_URL || `http://localhost:${port}`,
};
const step = (args) => execFileSync("npx", args, { stdio: "inherit", env });

// The scripts use the app's server-only modules, so they resolve packages as the server does.
step(["tsx", "--conditions=react-server", "scripts/migrate.ts"]);
step(["tsx", "--conditions=react-server", "prisma/seed.ts"]);
step(["tsx", "--conditions=react-server", "scripts/jobs-expiry.ts"]);
step(["next", "build"]);

console.log(`\nServing the demo gallery on ${env.GALLERY_URL} (alice@example.com / demo-password-1)`);
const server = spawn(process.execPath, ["server.mjs", "-p", port], { stdio: "inherit", env });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
