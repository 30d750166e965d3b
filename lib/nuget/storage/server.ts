import "server-only";
import { config } from "@/lib/config";
import { createPackageStore, type PackageStore } from ".";

const globalForStore = globalThis as unknown as { galleryPackageStore?: PackageStore };

/** The server's one package store, as the settings describe it. */
export function packageStore(): PackageStore {
  return (globalForStore.galleryPackageStore ??= createPackageStore(config.storage));
}
