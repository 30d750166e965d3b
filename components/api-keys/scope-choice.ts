import type { Scope } from "@/lib/keys/scopes";

const PUSH_SCOPES: Scope[] = ["package:push", "package:pushversion"];

/** Push and push-version are one choice: ticking "push" picks the full push scope, a radio picks either. */
export function toggleScope(current: Scope[], scope: Scope | "push", checked: boolean): Scope[] {
  if (scope === "push") {
    const rest = current.filter((s) => !PUSH_SCOPES.includes(s));
    return checked ? ["package:push", ...rest] : rest;
  }
  const rest = current.filter((s) => s !== scope && !(PUSH_SCOPES.includes(scope) && PUSH_SCOPES.includes(s)));
  return checked ? [...rest, scope] : rest;
}
