import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { generateKey, hashKey, KEY_LENGTH, KEY_PATTERN, KEY_PREFIX, keyHint, parseKey } from "./format";

const numRuns = Number(process.env.FC_NUM_RUNS) || 1000;
const ALNUM = [..."0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"];
const CHECKSUM_LENGTH = 6;
const KEYS = Array.from({ length: 64 }, () => generateKey());

const keyArb = fc.constantFrom(...KEYS);

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
    expect(parseKey(key.slice(0, 10) + "!" + key.slice(11))).toMatchObject({
      ok: false,
      reason: expect.stringContaining("letters or digits"),
    });
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

describe("key format properties", () => {
  it("round-trips every generated key through parseKey, the scanner pattern and trimming", () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(fc.constantFrom(" ", "\n", "\t", ""), (pad) => {
        const key = generateKey();
        expect(seen.has(key)).toBe(false);
        seen.add(key);
        expect(key).toHaveLength(KEY_LENGTH);
        expect(key.startsWith(KEY_PREFIX)).toBe(true);
        expect(parseKey(key)).toEqual({ ok: true, key });
        expect(parseKey(`${pad}${key}${pad}`)).toEqual({ ok: true, key });
        expect(key.match(KEY_PATTERN)?.[0]).toBe(key);
      }),
      { numRuns },
    );
  });

  it("rejects any key with one character replaced by a different letter or digit", () => {
    const mutation = fc.record({
      key: keyArb,
      position: fc.nat({ max: KEY_LENGTH - 1 }),
      replacement: fc.constantFrom(...ALNUM),
    });
    fc.assert(
      fc.property(mutation, ({ key, position, replacement }) => {
        fc.pre(key[position] !== replacement);
        const mutated = key.slice(0, position) + replacement + key.slice(position + 1);
        expect(parseKey(mutated).ok).toBe(false);
      }),
      { numRuns },
    );
  });

  it("rejects any key whose checksum part was changed", () => {
    const changed = fc.record({
      key: keyArb,
      checksum: fc.string({ unit: fc.constantFrom(...ALNUM), minLength: CHECKSUM_LENGTH, maxLength: CHECKSUM_LENGTH }),
    });
    fc.assert(
      fc.property(changed, ({ key, checksum }) => {
        fc.pre(key.slice(-CHECKSUM_LENGTH) !== checksum);
        const mutated = key.slice(0, -CHECKSUM_LENGTH) + checksum;
        expect(parseKey(mutated)).toMatchObject({ ok: false, reason: expect.stringContaining("checksum") });
      }),
      { numRuns },
    );
  });
});
