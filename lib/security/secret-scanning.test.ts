import { generateKeyPairSync, sign } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ScanningKeys, verifyScanningSignature } from "./secret-scanning";

const pair = generateKeyPairSync("ec", { namedCurve: "P-256" });
const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 });
const pem = pair.publicKey.export({ type: "spki", format: "pem" }).toString();

function source(list: { key_identifier: string; key: string }[]) {
  let now = 0;
  const calls: string[] = [];
  const keys = new ScanningKeys(
    "https://keys.test/",
    async (url) => {
      calls.push(url);
      return Response.json({ public_keys: list });
    },
    () => now,
  );
  return { keys, calls, advance: (ms: number) => (now += ms) };
}

const signed = (body: string) =>
  sign("sha256", Buffer.from(body), { key: pair.privateKey, dsaEncoding: "der" }).toString("base64");

describe("verifyScanningSignature", () => {
  it("accepts the raw body signed by the named key and nothing else", async () => {
    const { keys } = source([{ key_identifier: "a", key: pem }]);
    const body = '[{"token":"x"}]';
    expect(await verifyScanningSignature(keys, body, "a", signed(body))).toBe(true);
    expect(await verifyScanningSignature(keys, `${body} `, "a", signed(body))).toBe(false);
    expect(await verifyScanningSignature(keys, body, "b", signed(body))).toBe(false);
    expect(await verifyScanningSignature(keys, body, null, signed(body))).toBe(false);
    expect(await verifyScanningSignature(keys, body, "a", null)).toBe(false);
    expect(await verifyScanningSignature(keys, body, "a", "%%%")).toBe(false);
  });

  it("ignores keys that are not EC or do not parse", async () => {
    const rsaPem = rsa.publicKey.export({ type: "spki", format: "pem" }).toString();
    const { keys } = source([
      { key_identifier: "rsa", key: rsaPem },
      { key_identifier: "junk", key: "-----BEGIN PUBLIC KEY-----\nnope\n-----END PUBLIC KEY-----" },
    ]);
    const body = "[]";
    const rsaSig = sign("sha256", Buffer.from(body), rsa.privateKey).toString("base64");
    expect(await verifyScanningSignature(keys, body, "rsa", rsaSig)).toBe(false);
    expect(await verifyScanningSignature(keys, body, "junk", signed(body))).toBe(false);
  });
});

describe("ScanningKeys", () => {
  it("keeps the list an hour and refetches for an unknown identifier at most once a minute", async () => {
    const { keys, calls, advance } = source([{ key_identifier: "a", key: pem }]);
    expect(await keys.find("a")).not.toBeNull();
    expect(await keys.find("a")).not.toBeNull();
    expect(await keys.find("unknown")).toBeNull();
    expect(calls).toHaveLength(1);
    advance(61_000);
    expect(await keys.find("unknown")).toBeNull();
    expect(await keys.find("unknown")).toBeNull();
    expect(calls).toHaveLength(2);
    advance(60 * 60 * 1000);
    await keys.find("a");
    expect(calls).toHaveLength(3);
  });

  it("throws when the list cannot be fetched, so the caller answers 503", async () => {
    const keys = new ScanningKeys("https://keys.test/", async () => new Response("down", { status: 502 }));
    await expect(keys.find("a")).rejects.toThrow(/502/);
  });
});
