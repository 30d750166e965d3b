import { describe, expect, it } from "vitest";
import { flattenError } from "zod/mini";
import { CREATE_KEY_DEFAULTS, createKeySchema, editKeySchema } from "./schemas";

const valid = { ...CREATE_KEY_DEFAULTS, name: "CI", ownerId: "acc_1", glob: "Contoso.*" };

function fieldErrors(input: unknown) {
  const result = createKeySchema.safeParse(input);
  return result.success ? {} : flattenError(result.error).fieldErrors;
}

describe("createKeySchema", () => {
  it("accepts a complete key and normalises it", () => {
    const parsed = createKeySchema.parse({ ...valid, name: "  CI  ", expiresInDays: "90" });
    expect(parsed).toMatchObject({ name: "CI", expiresInDays: 90, scopes: ["package:push"], glob: "Contoso.*" });
  });

  it.each([0, 2, 30, 364, 366, -1, 1.5, "abc"])("rejects the expiry %s", (days) => {
    expect(fieldErrors({ ...valid, expiresInDays: days }).expiresInDays).toEqual([
      "Choose one of the offered expiry periods.",
    ]);
  });

  it.each([1, 90, 180, 270, 365])("accepts the expiry %s", (days) => {
    expect(createKeySchema.safeParse({ ...valid, expiresInDays: days }).success).toBe(true);
  });

  it("requires a name of at most 256 characters", () => {
    expect(fieldErrors({ ...valid, name: "   " }).name).toEqual(["Enter a name for the key."]);
    expect(fieldErrors({ ...valid, name: "x".repeat(257) }).name).toEqual([
      "The key name can have at most 256 characters.",
    ]);
    expect(createKeySchema.safeParse({ ...valid, name: "x".repeat(256) }).success).toBe(true);
  });

  it("requires at least one known scope and keeps push and push-version exclusive", () => {
    expect(fieldErrors({ ...valid, scopes: [] }).scopes).toEqual(["Select at least one scope."]);
    expect(fieldErrors({ ...valid, scopes: ["package:delete"] }).scopes).toBeDefined();
    expect(fieldErrors({ ...valid, scopes: ["package:push", "package:pushversion"] }).scopes?.[0]).toMatch(/either/);
    expect(createKeySchema.safeParse({ ...valid, scopes: ["package:pushversion", "package:unlist"] }).success).toBe(
      true,
    );
  });

  it("requires a glob or a package, and validates both", () => {
    expect(fieldErrors({ ...valid, glob: "", packages: [] }).packages).toEqual([
      "Enter a glob pattern or select at least one package.",
    ]);
    expect(fieldErrors({ ...valid, glob: "Contoso/*" }).glob?.[0]).toMatch(/may use only/);
    expect(fieldErrors({ ...valid, glob: "", packages: ["bad id!"] }).packages).toBeDefined();
    expect(createKeySchema.safeParse({ ...valid, glob: "", packages: ["Contoso.Core"] }).success).toBe(true);
  });
});

describe("editKeySchema", () => {
  it("takes only the key id, packages and glob", () => {
    const parsed = editKeySchema.parse({
      keyId: "k1",
      packages: ["A.B"],
      glob: "",
      scopes: ["package:unlist"],
      name: "x",
    });
    expect(parsed).toEqual({ keyId: "k1", packages: ["A.B"], glob: "" });
  });
});
