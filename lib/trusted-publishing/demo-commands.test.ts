import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { exchangeCommand, pushCommands, shellQuote } from "./demo-commands";
import { demoTokenSchema, repositoryProblem } from "./schemas";

const dir = mkdtempSync(join(tmpdir(), "demo-commands-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs a command in sh with a stand-in `curl` that records its arguments and answers `answer`. */
function runWithCurl(command: string, answer: string) {
  const argsFile = join(dir, "args.json");
  writeFileSync(
    join(dir, "curl"),
    `#!/usr/bin/env node\nrequire("fs").writeFileSync(${JSON.stringify(argsFile)}, JSON.stringify(process.argv.slice(2)));\nprocess.stdout.write(${JSON.stringify(answer)});\n`,
  );
  chmodSync(join(dir, "curl"), 0o755);
  const run = spawnSync("sh", ["-c", `${command}\nprintf '[%s]' "$API_KEY"`], {
    encoding: "utf8",
    env: { ...process.env, PATH: `${dir}:${process.env.PATH}` },
  });
  return { stdout: run.stdout, stderr: run.stderr, args: JSON.parse(readFileSync(argsFile, "utf8")) as string[] };
}

describe("the demo issuer's terminal commands", () => {
  const token = "eyJhbGciOiJFZERTQSJ9.eyJpc3MiOiJ4In0.c2ln";

  it("send exactly NuGet/login's request and keep the answer's key in $API_KEY", () => {
    const command = exchangeCommand({ origin: "http://localhost:3000", token, username: "alice" });
    const answer = '{"tokenType":"ApiKey","expires":"2030-01-01T00:00:00.000Z","apiKey":"ngk_abc123"}';
    const { stdout, args } = runWithCurl(command, answer);
    expect(args).toEqual([
      "-sS",
      "-X",
      "POST",
      "http://localhost:3000/api/v2/token",
      "-H",
      `Authorization: Bearer ${token}`,
      "-H",
      "Content-Type: application/json",
      "-d",
      '{"username":"alice","tokenType":"ApiKey"}',
    ]);
    expect(stdout).toBe(`${answer}\n[ngk_abc123]`);
  });

  it("show a refusal and leave $API_KEY empty", () => {
    const command = exchangeCommand({ origin: "http://localhost:3000", token, username: "alice" });
    const refusal = '{"error":"The token has expired."}';
    expect(runWithCurl(command, refusal).stdout).toBe(`${refusal}\n[]`);
  });

  it("quote what the shell would otherwise read", () => {
    expect(shellQuote("it's $HOME")).toBe(`'it'\\''s $HOME'`);
    const command = exchangeCommand({ origin: "http://localhost:3000", token, username: "o'neil $x" });
    expect(runWithCurl(command, "{}").args.at(-1)).toBe('{"username":"o\'neil $x","tokenType":"ApiKey"}');
  });

  it("push to the gallery's service index with the key", () => {
    expect(pushCommands("http://localhost:3000")).toEqual({
      dotnet: `dotnet nuget push My.Package.1.0.0.nupkg --api-key "$API_KEY" --source 'http://localhost:3000/v3/index.json'`,
      nuget: `nuget push My.Package.1.0.0.nupkg -ApiKey "$API_KEY" -Source 'http://localhost:3000/v3/index.json'`,
    });
  });
});

describe("the demo issuer's form", () => {
  it.each([
    ["alice-demo/widgets", null],
    ["A1/x", null],
    ["contoso/Widgets.Core_2-x", null],
    [`${"a".repeat(39)}/${"b".repeat(100)}`, null],
    ["widgets", /owner\/name/],
    ["/widgets", /owner\/name/],
    ["alice/", /owner\/name/],
    ["a/b/c", /owner\/name/],
    ["-alice/widgets", /single hyphens/],
    ["alice-/widgets", /single hyphens/],
    ["al--ice/widgets", /single hyphens/],
    ["al_ice/widgets", /single hyphens/],
    [`${"a".repeat(40)}/widgets`, /at most 39/],
    ["alice/wid gets", /repository name/],
    ["alice/..", /repository name/],
    [`alice/${"b".repeat(101)}`, /at most 100/],
  ])("judges %s by GitHub's naming rules", (value, problem) => {
    const found = repositoryProblem(value);
    if (problem === null) expect(found).toBeNull();
    else expect(found).toMatch(problem);
  });

  it("trims the fields and puts a bad repository's message on that field", () => {
    expect(
      demoTokenSchema.parse({ repository: " alice-demo/widgets ", workflowFile: "release.yml ", environment: "" }),
    ).toEqual({ repository: "alice-demo/widgets", workflowFile: "release.yml", environment: "" });
    const refused = demoTokenSchema.safeParse({ repository: "widgets", workflowFile: "release", environment: "" });
    expect(refused.success).toBe(false);
    const paths = refused.error!.issues.map((issue) => [issue.path.join("."), issue.message]);
    expect(paths).toEqual([
      ["repository", "Enter the repository as owner/name, such as alice-demo/widgets."],
      ["workflowFile", "Enter the workflow file's name as in .github/workflows, such as release.yml."],
    ]);
  });
});
