// npm run cluster: the seeded demo gallery as N instances (default 2, CLUSTER_INSTANCES or --instances) on
// PostgreSQL and Redis from this machine, behind nginx on http://localhost:3000 (PORT overrides).
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { startCluster, startObjectStore } from "./lib/cluster";
import { DEFAULT_REDIS_URL, provisionServices } from "./lib/provision.mjs";

const { values: args } = parseArgs({
  options: { instances: { type: "string" }, "skip-build": { type: "boolean", default: false } },
});

async function main() {
  if (!existsSync(".env")) {
    const example = readFileSync(".env.example", "utf8");
    writeFileSync(".env", example.replace(/^AUTH_SECRET=$/m, `AUTH_SECRET=${randomBytes(32).toString("base64url")}`));
    console.log("Wrote .env with a new AUTH_SECRET.");
  }
  process.loadEnvFile(".env");

  const instances = Number(args.instances ?? process.env.CLUSTER_INSTANCES ?? 2);
  if (!Number.isInteger(instances) || instances < 1 || instances > 16)
    throw new Error(`--instances must be a whole number from 1 to 16 (got "${args.instances}")`);
  const port = Number(process.env.PORT || 3000);
  const databaseUrl = process.env.CLUSTER_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/gallery_cluster";
  const redisUrl = process.env.CLUSTER_REDIS_URL ?? DEFAULT_REDIS_URL;
  const publicUrl = process.env.GALLERY_URL || `http://localhost:${port}`;

  await provisionServices({ postgresUrl: databaseUrl, redisUrl });
  // Packages live in an S3-compatible store on loopback; PACKAGES_DIR only stages uploads in progress.
  const store = await startObjectStore(process.env.CLUSTER_S3_DIR ?? "data/cluster-s3");
  const shared: Record<string, string> = {
    DATABASE_URL: databaseUrl,
    RATE_LIMIT_REDIS_URL: redisUrl,
    AUTH_SECRET: process.env.AUTH_SECRET!,
    DEMO_MODE: "1",
    PACKAGES_DIR: "data/cluster-staging",
    ...store.env,
  };
  const step = (command: string[]) =>
    execFileSync("npx", command, {
      stdio: "inherit",
      env: { ...process.env, ...shared, NEXT_TELEMETRY_DISABLED: "1", CHECKPOINT_DISABLE: "1" },
    });
  step(["tsx", "--conditions=react-server", "scripts/migrate.ts"]);
  step(["tsx", "--conditions=react-server", "prisma/seed.ts"]);
  step(["tsx", "--conditions=react-server", "scripts/jobs-expiry.ts"]);
  if (!args["skip-build"]) step(["next", "build"]);

  const cluster = await startCluster({
    env: shared,
    instances,
    port,
    publicUrl,
    dir: "data/cluster/proxy",
    echo: true,
  });
  console.log(`\nServing the demo gallery on ${publicUrl} through nginx, ${instances} instances:`);
  console.log(`  packages: s3rver at ${store.endpoint}, bucket packages (data/cluster-s3)`);
  for (const i of cluster.instances) console.log(`  ${i.name}: ${i.url} (pid ${i.pid()})`);
  console.log("alice@example.com / demo-password-1. Ctrl+C stops them all.");
  let stopping = false;
  for (const signal of ["SIGINT", "SIGTERM"] as const)
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      void cluster
        .stop()
        .then(store.stop)
        .then(() => process.exit(0));
    });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
