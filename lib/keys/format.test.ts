import { describe, expect, it } from "vitest";
import { generateKey, hashKey, KEY_LENGTH, KEY_PATTERN, keyHint, parseKey } from "./format";

describe("key format", () => {
  it("generates keys that parse, match the scanner pattern and differ each time", () => {
    const a = generateKey();
    const b = generateKey();
    expect(a).not.toBe(b);
    expect(a).toHaveLength(KEY_LENGTH);
    expect(parseKey(a)).toEqual({ ok: true, key: a });
    expect(KEY_PATTERN.test(`token: ${a}`)).toBe(true);
  });

  it("rejects a wrong prefix, length, alphabet and checksum with a reason", () => {
    const key = generateKey();
    expect(parseKey("oy2" + key.slice(3))).toMatchObject({ ok: false, reason: expect.stringContaining("start with") });
    expect(parseKey(key + "a")).toMatchObject({ ok: false, reason: expect.stringContaining("characters long") });
    expect(parseKey(key.slice(0, 10) + "!" + key.slice(11))).toMatchObject({ ok: false, reason: expect.stringContaining("letters or digits") });
    const flipped = key.slice(0, 10) + (key[10] === "a" ? "b" : "a") + key.slice(11);
    expect(parseKey(flipped)).toMatchObject({ ok: false, reason: expect.stringContaining("checksum") });
  });

  it("hashes deterministically and hints with the prefix and last four characters", () => {
    const key = generateKey();
    expect(hashKey(key)).toBe(hashKey(key));
    expect(hashKey(key)).toMatch(/^[0-9a-f]{64}$/);
    expect(keyHint(key)).toBe(`ngk_…${key.slice(-4)}`);
  });
});
