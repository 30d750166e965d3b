import { resolve } from "node:path";
import { env } from "@/lib/env";

/** Server settings derived from the environment (lib/env.ts); every variable is documented in .env.example. */
export const config = {
  get packagesDir(): string {
    return resolve(/*turbopackIgnore: true*/ env().PACKAGES_DIR);
  },
  get maxPackageBytes(): number {
    return env().MAX_PACKAGE_MB * 1024 * 1024;
  },
  get maxCompressionRatio(): number {
    return env().MAX_COMPRESSION_RATIO;
  },
  get registrationOpen(): boolean {
    return env().REGISTRATION === "open";
  },
  get demoMode(): boolean {
    return env().DEMO_MODE;
  },
};
