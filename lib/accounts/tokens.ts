import { createHash, randomBytes } from "node:crypto";

/** The SHA-256 a mailed token is stored as; the token itself lives only in the mail. */
export const tokenHash = (token: string) => createHash("sha256").update(token).digest("hex");

/** A fresh 256-bit URL-safe token and the hash to store for it. */
export function newToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString("base64url");
  return { token, hash: tokenHash(token) };
}
