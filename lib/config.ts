import { resolve } from "node:path";
import { env } from "@/lib/env";
import type { StorageSettings } from "@/lib/nuget/storage/settings";

/** Server settings derived from the environment (lib/env.ts); every variable is documented in .env.example. */
export const config = {
  get packagesDir(): string {
    return resolve(/*turbopackIgnore: true*/ env().PACKAGES_DIR);
  },
  /** Where package files are kept; uploads are staged under PACKAGES_DIR with either backend. */
  get storage(): StorageSettings {
    const e = env();
    if (e.STORAGE === "fs") return { kind: "fs", root: this.packagesDir };
    return {
      kind: "s3",
      stagingRoot: this.packagesDir,
      bucket: e.S3_BUCKET!,
      region: e.S3_REGION,
      endpoint: e.S3_ENDPOINT,
      forcePathStyle: e.S3_FORCE_PATH_STYLE,
      prefix: e.S3_PREFIX ?? "",
      credentials:
        e.S3_ACCESS_KEY_ID && e.S3_SECRET_ACCESS_KEY
          ? { accessKeyId: e.S3_ACCESS_KEY_ID, secretAccessKey: e.S3_SECRET_ACCESS_KEY }
          : undefined,
    };
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
