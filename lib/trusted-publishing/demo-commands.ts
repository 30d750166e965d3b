// The terminal commands the demo token issuer's page shows: what NuGet/login and a push would run.

/** Where demo mode serves its OIDC issuer, under the gallery's origin. */
export const DEMO_ISSUER_PATH = "/demo/oidc";

/** A POSIX shell single-quoted word. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * NuGet/login's request to the token endpoint as curl: prints the answer and keeps its apiKey in $API_KEY.
 */
export function exchangeCommand({ origin, token, username }: { origin: string; token: string; username: string }) {
  const body = JSON.stringify({ username, tokenType: "ApiKey" });
  return [
    `answer=$(curl -sS -X POST ${shellQuote(`${origin}/api/v2/token`)} \\`,
    `  -H ${shellQuote(`Authorization: Bearer ${token}`)} \\`,
    `  -H ${shellQuote("Content-Type: application/json")} \\`,
    `  -d ${shellQuote(body)}); echo "$answer"`,
    `API_KEY=$(echo "$answer" | sed -nE 's/.*"apiKey":"([^"]+)".*/\\1/p')`,
  ].join("\n");
}

/** Pushes with the key from $API_KEY, with the .NET CLI and with nuget.exe. */
export function pushCommands(origin: string, file = "My.Package.1.0.0.nupkg") {
  const source = shellQuote(`${origin}/v3/index.json`);
  return {
    dotnet: `dotnet nuget push ${file} --api-key "$API_KEY" --source ${source}`,
    nuget: `nuget push ${file} -ApiKey "$API_KEY" -Source ${source}`,
  };
}
