import { resolve } from "node:path";

function intFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  const value = raw ? Number(raw) : NaN;
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

/** Server settings from the environment; every variable is documented in .env.example. */
export const config = {
  packagesDir: resolve(/*turbopackIgnore: true*/ process.env.PACKAGES_DIR || "data/packages"),
  maxPackageBytes: intFromEnv("MAX_PACKAGE_MB", 250) * 1024 * 1024,
  maxCompressionRatio: intFromEnv("MAX_COMPRESSION_RATIO", 100),
  demoMode: process.env.DEMO_MODE === "1",
};
