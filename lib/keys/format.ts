import { createHash, randomBytes } from "node:crypto";
import { crc32 } from "node:zlib";

/**
 * A key is `ngk_` + 43 base62 characters holding 256 random bits + 6 base62 characters of the
 * CRC32 of everything before them. Secret scanners match KEY_PATTERN.
 */
export const KEY_PREFIX = "ngk_";
const BODY_LENGTH = 43;
const CHECKSUM_LENGTH = 6;
export const KEY_LENGTH = KEY_PREFIX.length + BODY_LENGTH + CHECKSUM_LENGTH;
export const KEY_PATTERN = /\bngk_[0-9A-Za-z]{49}\b/;

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const BODY_RE = /^[0-9A-Za-z]+$/;

function toBase62(value: bigint, length: number): string {
  let out = "";
  let n = value;
  while (n > 0n) {
    out = ALPHABET[Number(n % 62n)] + out;
    n /= 62n;
  }
  return out.padStart(length, "0");
}

function checksum(text: string): string {
  return toBase62(BigInt(crc32(text)), CHECKSUM_LENGTH);
}

export function generateKey(): string {
  const body = toBase62(BigInt("0x" + randomBytes(32).toString("hex")), BODY_LENGTH);
  const head = KEY_PREFIX + body;
  return head + checksum(head);
}

export type ParseResult = { ok: true; key: string } | { ok: false; reason: string };

/** Checks a presented key's shape and checksum without any storage access. */
export function parseKey(input: string): ParseResult {
  const key = input.trim();
  if (!key.startsWith(KEY_PREFIX)) return { ok: false, reason: `The API key must start with "${KEY_PREFIX}".` };
  if (key.length !== KEY_LENGTH) return { ok: false, reason: `The API key must be ${KEY_LENGTH} characters long.` };
  const rest = key.slice(KEY_PREFIX.length);
  if (!BODY_RE.test(rest))
    return { ok: false, reason: "The API key contains characters that are not letters or digits." };
  const head = key.slice(0, KEY_LENGTH - CHECKSUM_LENGTH);
  if (checksum(head) !== key.slice(-CHECKSUM_LENGTH)) {
    return { ok: false, reason: "The API key's checksum does not match: it was mistyped or is not a real key." };
  }
  return { ok: true, key };
}

/** SHA-256 is enough for 256-bit random secrets and allows a point lookup by a unique index. */
export function hashKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

export function keyHint(key: string): string {
  return `${KEY_PREFIX}…${key.slice(-4)}`;
}

export type MintedKey = { secret: string; hash: string; hint: string };

/** A new key: the secret to show once, the hash to store and the hint to display. */
export function mintKey(): MintedKey {
  const secret = generateKey();
  return { secret, hash: hashKey(secret), hint: keyHint(secret) };
}
