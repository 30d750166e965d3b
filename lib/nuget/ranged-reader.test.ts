import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { buildNupkg } from "@/tests/support/build-nupkg";
import { extractNuspec, NupkgError } from "./nupkg";
import type { RangedSource } from "./ranged-reader";

/** A package served by ranges from memory, counting the reads. */
function ranged(bytes: Buffer, fail?: Error): RangedSource & { reads: number } {
  const source = {
    size: bytes.length,
    reads: 0,
    read: async (start: number, end: number) => {
      source.reads++;
      if (fail) throw fail;
      return bytes.subarray(start, end);
    },
  };
  return source;
}

describe("reading a package by ranges", () => {
  it("finds the manifest of a many-file package in a handful of reads", async () => {
    const files = Object.fromEntries(
      Array.from({ length: 400 }, (_, i) => [`content/file-${i}.bin`, randomBytes(2_000)]),
    );
    const bytes = await buildNupkg({ id: "Ranged.Many", version: "1.0.0", files });
    const source = ranged(bytes);
    expect(await extractNuspec(source)).toEqual(await extractNuspec(bytes));
    expect(bytes.length).toBeGreaterThan(800_000);
    expect(source.reads).toBeLessThanOrEqual(4);
  });

  it("reports a failed read as itself, and a damaged package as not a zip", async () => {
    const bytes = await buildNupkg({ id: "Ranged.Fail", version: "1.0.0" });
    const reset = new Error("connection reset");
    await expect(extractNuspec(ranged(bytes, reset))).rejects.toBe(reset);
    const damaged = ranged(bytes.subarray(0, bytes.length - 30));
    await expect(extractNuspec(damaged)).rejects.toBeInstanceOf(NupkgError);
  });
});
