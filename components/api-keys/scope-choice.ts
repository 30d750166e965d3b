import { isPushScope, PUSH_SCOPES, type Scope } from "@/lib/keys/scopes";

/** Push and push-version are one choice: ticking "push" picks the full push scope, a radio picks either. */
export function toggleScope(current: Scope[], scope: Scope | "push", checked: boolean): Scope[] {
  if (scope === "push") {
    const rest = current.filter((s) => !isPushScope(s));
    return checked ? [PUSH_SCOPES[0], ...rest] : rest;
  }
  const rest = current.filter((s) => s !== scope && !(isPushScope(scope) && isPushScope(s)));
  return checked ? [...rest, scope] : rest;
}
