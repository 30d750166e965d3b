// Writes the next migration for both databases: npm run db:diff -- <name>
// Diffs the committed schema snapshot (last migration's schema.prisma) against prisma/schema.prisma.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: npm run db:diff -- <snake_case_name>");
  process.exit(2);
}
execFileSync("node", ["scripts/prisma-generate.mjs"], { stdio: "ignore" });
const env = { ...process.env, CHECKPOINT_DISABLE: "1" };
const targets = [
  { dir: "prisma/migrations/sqlite", schema: "prisma/schema.prisma", url: "file:./data/diff.db" },
  {
    dir: "prisma/migrations/postgres",
    schema: "prisma/postgres/schema.prisma",
    url: "postgresql://postgres@127.0.0.1:5432/test",
  },
];
for (const { dir, schema, url } of targets) {
  mkdirSync(dir, { recursive: true });
  mkdirSync("data", { recursive: true });
  const previous = readdirSync(dir).sort().at(-1);
  const from =
    previous && existsSync(join(dir, previous, "schema.prisma"))
      ? ["--from-schema-datamodel", join(dir, previous, "schema.prisma")]
      : ["--from-empty"];
  const sql = execFileSync("npx", ["prisma", "migrate", "diff", ...from, "--to-schema-datamodel", schema, "--script"], {
    env: { ...env, DATABASE_URL: url },
    encoding: "utf8",
  });
  const index = String(readdirSync(dir).length + 1).padStart(4, "0");
  const target = join(dir, `${index}_${name}`);
  mkdirSync(target);
  writeFileSync(join(target, "migration.sql"), sql);
  execFileSync("cp", [schema, join(target, "schema.prisma")]);
  console.log(`wrote ${target}/migration.sql`);
}
