import { createHash, randomInt } from "node:crypto";
import { Secret, TOTP } from "otpauth";
import QRCode from "qrcode";

/** What authenticator apps show the entry as. */
export const TOTP_ISSUER = "Package Gallery";
/** RFC 6238 as every authenticator app reads it: SHA-1, six digits, thirty seconds. */
const TOTP_SETTINGS = { algorithm: "SHA1", digits: 6, period: 30 } as const;
export const RECOVERY_CODE_COUNT = 10;
/** Crockford's base32: no i, l, o or u, so a code read aloud or copied by hand comes out right. */
const RECOVERY_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";

const totp = (secret: string, account = "") =>
  new TOTP({ issuer: TOTP_ISSUER, label: account, secret: Secret.fromBase32(secret), ...TOTP_SETTINGS });

/** A fresh 160-bit secret, in base32 as apps take it typed in. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The otpauth:// URI an authenticator app reads from the QR code. */
export function totpUri(secret: string, account: string): string {
  return totp(secret, account).toString();
}

/** The URI as a QR code: an SVG image in a data URL, drawn on the server. */
export async function totpQrDataUrl(uri: string): Promise<string> {
  const svg = await QRCode.toString(uri, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`;
}

/** The secret in groups of four, for typing into an app by hand. */
export const groupSecret = (secret: string) => secret.match(/.{1,4}/g)?.join(" ") ?? secret;

/** Whether the input is shaped like an authenticator code (six digits, spaces allowed) rather than a recovery code. */
export const isTotpCode = (code: string) => /^\d{6}$/.test(code.replace(/\s/g, ""));

/**
 * The time step of a right code, one step either side of now; null when wrong, or when its step is not after
 * `lastStep`, so a code that signed in once never does again.
 */
export function acceptedTotpStep(secret: string, code: string, now: Date, lastStep: number | null): number | null {
  const token = code.replace(/\s/g, "");
  if (!isTotpCode(token)) return null;
  const generator = totp(secret);
  const delta = generator.validate({ token, timestamp: now.getTime(), window: 1 });
  if (delta === null) return null;
  const step = generator.counter({ timestamp: now.getTime() }) + delta;
  return lastStep !== null && step <= lastStep ? null : step;
}

/** A code for the step of this moment, as an authenticator app would show it (tests and the demo). */
export function totpCode(secret: string, at = new Date()): string {
  return totp(secret).generate({ timestamp: at.getTime() });
}

/** Ten characters of about 50 random bits, grouped like "7k2m-q9xd-4f". */
export function newRecoveryCode(): string {
  const chars = Array.from({ length: 10 }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]).join("");
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8)}`;
}

/** What the stored hash is taken of: case, spaces and dashes ignored, look-alike letters read as digits. */
export function normalizeRecoveryCode(code: string): string {
  return code.toLowerCase().replace(/[\s-]/g, "").replace(/o/g, "0").replace(/[il]/g, "1");
}

/** The SHA-256 a recovery code is stored as, salted with its account so one guess cannot test every account. */
export function recoveryCodeHash(userId: string, code: string): string {
  return createHash("sha256")
    .update(`${userId}:${normalizeRecoveryCode(code)}`)
    .digest("hex");
}
