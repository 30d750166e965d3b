import { describe, expect, it } from "vitest";
import { isScope, SCOPE_IDS, scopeLabel, SCOPES, scopesFor, scopesGrant, type Action, type Scope } from "./scopes";

describe("scopes", () => {
  it("lists push, push version and unlist with their labels", () => {
    expect(SCOPE_IDS).toEqual(["package:push", "package:pushversion", "package:unlist"]);
    expect(SCOPES.map((s) => s.short)).toEqual(["Push", "Push version", "Unlist"]);
    expect(scopeLabel("package:push")).toBe("Push new packages and package versions");
    expect(scopeLabel("package:pushversion")).toBe("Push only new package versions");
    expect(scopeLabel("package:unlist")).toBe("Unlist or relist package versions");
  });

  it("recognises only known scope ids", () => {
    for (const id of SCOPE_IDS) expect(isScope(id)).toBe(true);
    for (const id of ["", "package:*", "PACKAGE:PUSH", "package:delete", "push"]) expect(isScope(id)).toBe(false);
  });

  it("grants push-new only with package:push", () => {
    expect(scopesGrant(["package:push"], "push-new")).toBe(true);
    expect(scopesGrant(["package:pushversion"], "push-new")).toBe(false);
    expect(scopesGrant(["package:unlist"], "push-new")).toBe(false);
    expect(scopesFor("push-new")).toEqual(["package:push"]);
  });

  it("grants push-version with package:push or package:pushversion", () => {
    expect(scopesGrant(["package:push"], "push-version")).toBe(true);
    expect(scopesGrant(["package:pushversion"], "push-version")).toBe(true);
    expect(scopesGrant(["package:unlist"], "push-version")).toBe(false);
    expect(scopesFor("push-version")).toEqual(["package:push", "package:pushversion"]);
  });

  it("grants unlist only with package:unlist", () => {
    expect(scopesGrant(["package:unlist"], "unlist")).toBe(true);
    expect(scopesGrant(["package:push", "package:pushversion"], "unlist")).toBe(false);
    expect(scopesFor("unlist")).toEqual(["package:unlist"]);
  });

  it("grants nothing without scopes and everything with all of them", () => {
    const actions: Action[] = ["push-new", "push-version", "unlist"];
    const none: Scope[] = [];
    for (const action of actions) {
      expect(scopesGrant(none, action)).toBe(false);
      expect(scopesGrant(SCOPE_IDS, action)).toBe(true);
    }
  });
});
