/**
 * Runs once as the server starts: the settings are read and checked (lib/env.ts), so a bad value stops the
 * server at once with a message naming each bad variable; the background upkeep starts, and so does listening
 * for key changes made by other instances.
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
  // On PostgreSQL the key cache stays off until this instance hears other instances' key changes.
  const [{ db }, { listenForKeyChanges }] = await Promise.all([import("./lib/db/client"), import("./lib/db/key-auth")]);
  void listenForKeyChanges(db);
  // server.mjs derives AUTH_URL from GALLERY_URL, so sign-in redirects never follow a request's Host header.
  if (!GALLERY_URL && NODE_ENV === "production") {
    console.warn(
      "Warning: GALLERY_URL is not set. Links in mails point at http://localhost and sign-in redirects follow the " +
        "request's Host header; set GALLERY_URL to the gallery's public address (see README, Deployment).",
    );
  }
}
