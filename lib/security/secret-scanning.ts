import { createPublicKey, verify, type KeyObject } from "node:crypto";

/** GitHub's list of secret-scanning public keys, as its meta API answers. */
type PublicKeyList = { public_keys?: { key_identifier?: unknown; key?: unknown }[] };

export type FetchKeys = (url: string) => Promise<Response>;

const KEYS_TTL_MS = 60 * 60 * 1000;
/** An unknown identifier refetches the list at most this often, so forged identifiers cannot hammer GitHub. */
const REFETCH_MIN_MS = 60 * 1000;

/** The scanning partner's public keys by identifier, fetched from `url` and kept an hour. */
export class ScanningKeys {
  private keys = new Map<string, KeyObject>();
  private fetchedAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly url: string,
    private readonly fetchKeys: FetchKeys = (u) => fetch(u, { headers: { accept: "application/json" } }),
    private readonly clock: () => number = Date.now,
  ) {}

  /** The key with this identifier; the list is fetched when stale, and once more when the identifier is new. */
  async find(identifier: string): Promise<KeyObject | null> {
    const age = this.clock() - this.fetchedAt;
    if (age >= KEYS_TTL_MS || (!this.keys.has(identifier) && age >= REFETCH_MIN_MS)) await this.refresh();
    return this.keys.get(identifier) ?? null;
  }

  private async refresh(): Promise<void> {
    const response = await this.fetchKeys(this.url);
    if (!response.ok) throw new Error(`secret-scanning keys: ${this.url} answered ${response.status}`);
    const list = (await response.json()) as PublicKeyList;
    const keys = new Map<string, KeyObject>();
    for (const entry of Array.isArray(list.public_keys) ? list.public_keys : []) {
      if (typeof entry.key_identifier !== "string" || typeof entry.key !== "string") continue;
      try {
        const key = createPublicKey(entry.key);
        if (key.asymmetricKeyType === "ec") keys.set(entry.key_identifier, key);
      } catch {
        // A key that does not parse verifies nothing.
      }
    }
    this.keys = keys;
    this.fetchedAt = this.clock();
  }
}

/**
 * Whether `body` (the raw request text) carries a valid ECDSA P-256 SHA-256 signature: `signature` is
 * base64 of the DER signature, `identifier` names the signing key in the partner's list.
 */
export async function verifyScanningSignature(
  keys: ScanningKeys,
  body: string,
  identifier: string | null,
  signature: string | null,
): Promise<boolean> {
  if (!identifier || !signature || !/^[A-Za-z0-9+/]+={0,2}$/.test(signature.trim())) return false;
  const key = await keys.find(identifier.trim());
  if (!key) return false;
  try {
    return verify(
      "sha256",
      Buffer.from(body, "utf8"),
      { key, dsaEncoding: "der" },
      Buffer.from(signature.trim(), "base64"),
    );
  } catch {
    return false;
  }
}
