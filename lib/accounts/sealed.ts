import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { env } from "@/lib/env";

/*
 * Secrets the server must read back (a TOTP secret) are stored sealed: AES-256-GCM under a key derived from
 * AUTH_SECRET, bound to a context (the user's id) so a sealed value copied to another row does not open.
 */

const VERSION = "v1";
const INFO = "package-gallery sealed secrets v1";
const keys = new Map<string, Buffer>();

function sealingKey(secret: string | undefined): Buffer {
  if (!secret) throw new Error("AUTH_SECRET is not set, so secrets cannot be sealed or opened.");
  let key = keys.get(secret);
  if (!key) {
    key = Buffer.from(hkdfSync("sha256", secret, "package-gallery", INFO, 32));
    keys.set(secret, key);
  }
  return key;
}

/** The plaintext encrypted and authenticated for this context, as "v1.iv.ciphertext.tag" in base64url. */
export function seal(plaintext: string, context: string, secret = env().AUTH_SECRET): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", sealingKey(secret), iv);
  cipher.setAAD(Buffer.from(context));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [VERSION, iv, body, cipher.getAuthTag()]
    .map((p) => (typeof p === "string" ? p : p.toString("base64url")))
    .join(".");
}

/** The plaintext of a sealed value; null when it was altered, sealed for another context or under another key. */
export function unseal(sealed: string, context: string, secret = env().AUTH_SECRET): string | null {
  const [version, iv, body, tag, ...rest] = sealed.split(".");
  if (version !== VERSION || !iv || body === undefined || !tag || rest.length > 0) return null;
  try {
    const decipher = createDecipheriv("aes-256-gcm", sealingKey(secret), Buffer.from(iv, "base64url"));
    decipher.setAAD(Buffer.from(context));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
}
