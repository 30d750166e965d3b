import { describe, expect, it } from "vitest";
import { inviteMemberSchema } from "./schemas";

const parse = (who: string) => inviteMemberSchema.safeParse({ organizationId: "org1", who, role: "collaborator" });

describe("inviteMemberSchema", () => {
  it("takes a username or an e-mail address, trimmed", () => {
    expect(parse("  carol ").data?.who).toBe("carol");
    expect(parse("user-1.two_3").success).toBe(true);
    expect(parse(" Carol@Example.com ").data?.who).toBe("Carol@Example.com");
  });

  it("refuses what is neither, saying what it wants", () => {
    for (const who of ["", "   ", "carol@", "@carol", "two words", "-dash", "a".repeat(65)]) {
      const result = parse(who);
      expect(result.success, who).toBe(false);
      expect(result.error?.issues[0]?.message, who).toMatch(/username or .*e-mail address/);
    }
  });
});
