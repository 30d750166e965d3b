import { existsSync } from "node:fs";

export default function globalSetup() {
  const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (!existsSync(chromium)) {
    throw new Error(
      `Chromium not found at ${chromium}. Install Debian's build with: apt-get update && apt-get install -y chromium (or set CHROMIUM_PATH).`,
    );
  }
}
