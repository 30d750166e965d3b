import { PrismaLibSQL } from "@prisma/adapter-libsql";
import { PrismaPg } from "@prisma/adapter-pg";
import { defineConfig } from "prisma/config";

// Prisma skips .env when a config file exists.
try {
  process.loadEnvFile(".env");
} catch {}

const url = process.env.DATABASE_URL ?? "file:./data/gallery.db";
const postgres = /^postgres(ql)?:\/\//.test(url);

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: postgres ? "prisma/postgres/schema.prisma" : "prisma/schema.prisma",
  migrations: { path: postgres ? "prisma/migrations/postgres" : "prisma/migrations/sqlite" },
  adapter: async () => (postgres ? new PrismaPg({ connectionString: url }) : new PrismaLibSQL({ url })),
});
