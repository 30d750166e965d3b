export const SCOPES = [
  { id: "package:push", label: "Push new packages and package versions", short: "Push" },
  { id: "package:pushversion", label: "Push only new package versions", short: "Push version" },
  { id: "package:unlist", label: "Unlist or relist package versions", short: "Unlist" },
] as const;

export type Scope = (typeof SCOPES)[number]["id"];
export const SCOPE_IDS = SCOPES.map((s) => s.id) as [Scope, ...Scope[]];

/** Pushing anything and pushing only new versions: a key holds at most one of the two. */
export const PUSH_SCOPES = ["package:push", "package:pushversion"] as const satisfies readonly Scope[];

export function isPushScope(scope: Scope): boolean {
  return (PUSH_SCOPES as readonly Scope[]).includes(scope);
}

/** What a request asks to do; each action is granted by some scopes. */
export type Action = "push-new" | "push-version" | "unlist";

const GRANTS: Record<Action, readonly Scope[]> = {
  "push-new": ["package:push"],
  "push-version": ["package:push", "package:pushversion"],
  unlist: ["package:unlist"],
};

export function scopeLabel(scope: Scope): string {
  return SCOPES.find((s) => s.id === scope)?.label ?? scope;
}

export function isScope(value: string): value is Scope {
  return SCOPE_IDS.includes(value as Scope);
}

export function scopesGrant(scopes: readonly Scope[], action: Action): boolean {
  return GRANTS[action].some((s) => scopes.includes(s));
}

/** The scopes that grant an action, for refusal messages. */
export function scopesFor(action: Action): readonly Scope[] {
  return GRANTS[action];
}
