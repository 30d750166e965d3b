/**
 * Runs once as the server starts: the settings are read and checked (lib/env.ts), so a bad value stops the
 * server at once with a message naming each bad variable, and the background upkeep starts.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { checkEnvAtStart, env } = await import("./lib/env");
  checkEnvAtStart();
  const { GALLERY_URL, NODE_ENV } = env();
  const { connectSharedLimits } = await import("./lib/security/rate-limit");
  await connectSharedLimits();
  const { startUpkeep } = await import("./lib/upkeep");
  startUpkeep();
  // server.mjs derives AUTH_URL from GALLERY_URL, so sign-in redirects never follow a request's Host header.
  if (!GALLERY_URL && NODE_ENV === "production") {
    console.warn(
      "Warning: GALLERY_URL is not set. Links in mails point at http://localhost and sign-in redirects follow the " +
        "request's Host header; set GALLERY_URL to the gallery's public address (see README, Deployment).",
    );
  }
}
