/**
 * Runs once as the server starts: the settings are read and checked here (lib/env.ts), so a bad value
 * stops the server at once with a message naming each bad variable, instead of failing every request.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { checkEnvAtStart } = await import("./lib/env");
    checkEnvAtStart();
  }
}
