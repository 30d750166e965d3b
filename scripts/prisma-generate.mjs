// Generates one Prisma client per database from the single schema in prisma/schema.prisma.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";

const source = readFileSync("prisma/schema.prisma", "utf8");
const postgres = source
  .replace('provider = "sqlite"', 'provider = "postgresql"')
  .replace(
    'output     = "../node_modules/@gallery/prisma-sqlite"',
    'output     = "../../node_modules/@gallery/prisma-postgres"',
  )
  .replace(
    /^\/\/ The one schema.*\n/,
    "// Generated from prisma/schema.prisma by scripts/prisma-generate.mjs: do not edit.\n",
  );
if (postgres === source || !postgres.includes("@gallery/prisma-postgres")) {
  throw new Error("prisma/schema.prisma no longer has the provider/output lines this script rewrites");
}
mkdirSync("prisma/postgres", { recursive: true });
writeFileSync("prisma/postgres/schema.prisma", postgres);

const env = { ...process.env, CHECKPOINT_DISABLE: "1", PRISMA_HIDE_UPDATE_MESSAGE: "1" };
for (const url of ["file:./data/gallery.db", "postgresql://localhost/generate"]) {
  execFileSync("npx", ["prisma", "generate"], { stdio: "inherit", env: { ...env, DATABASE_URL: url } });
}
