// More gallery servers for specs that need their own process: other settings, a fresh rate-limit memory,
// another database, or a server to stop. They serve the same production build as the main e2e server.
import { spawn, type ChildProcess } from "node:child_process";
import { createTestDb } from "../tests/support/databases";
import { E2E_DATABASE_URL, E2E_PORT } from "./env";

export { POSTGRES_URL } from "../tests/support/databases";

let nextPort = E2E_PORT + 10;

export type Gallery = {
  url: string;
  process: ChildProcess;
  output: () => string;
  /** Sends the signal and resolves with the exit code once the process has ended. */
  stop: (signal?: NodeJS.Signals) => Promise<number | null>;
};

/** Starts `node server.mjs` on a free loopback port with the e2e settings plus `env`. */
export async function startGallery(env: Record<string, string> = {}, port = nextPort++): Promise<Gallery> {
  const child = spawn(process.execPath, ["server.mjs", "-H", "127.0.0.1", "-p", String(port)], {
    env: {
      ...process.env,
      DATABASE_URL: E2E_DATABASE_URL,
      AUTH_SECRET: "e2e-only-secret-0123456789abcdef0123456789",
      NEXT_TELEMETRY_DISABLED: "1",
      PACKAGES_DIR: "data/e2e-packages",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 120; i++) {
    if (child.exitCode !== null) throw new Error(`the gallery server exited at start:\n${output}`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) break;
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    url,
    process: child,
    output: () => output,
    stop: async (signal = "SIGTERM") => {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** A fresh, migrated PostgreSQL database for another gallery server; dropped by the returned function. */
export async function createPostgresGallery(): Promise<{ url: string; drop: () => Promise<void> }> {
  const { url, drop } = await createTestDb("postgres");
  return { url, drop };
}
