import { fsPackageStore } from "./fs";
import { s3PackageStore } from "./s3";
import type { StorageSettings } from "./settings";
import type { PackageStore } from "./store";

export { fsPackageStore } from "./fs";
export { s3PackageStore } from "./s3";
export type { StorageSettings } from "./settings";
export { isPartial, storePackageFile, type PackageStore, type StoredFile } from "./store";
export { stagingPath } from "./staging";

export function createPackageStore(settings: StorageSettings): PackageStore {
  return settings.kind === "fs" ? fsPackageStore(settings.root) : s3PackageStore(settings);
}
