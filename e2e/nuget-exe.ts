import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";

const NUGET_EXE = "node_modules/nuget-exe/nuget-5.8.0.exe";
const run = promisify(execFile);

/** Runs the unchanged nuget.exe under Mono; resolves with its exit code and everything it printed. */
export async function nuget(args: string[], home: string): Promise<{ code: number; output: string }> {
  if (!existsSync("/usr/bin/mono"))
    throw new Error("Mono is missing: apt-get update && apt-get install -y mono-complete");
  try {
    const { stdout, stderr } = await run("mono", [NUGET_EXE, ...args, "-NonInteractive"], {
      env: { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, ".config") },
      timeout: 120_000,
    });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === "number" ? e.code : 1, output: `${e.stdout ?? ""}${e.stderr ?? ""}` };
  }
}
