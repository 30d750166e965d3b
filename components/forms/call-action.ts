import type { Result } from "@/lib/result";

export const UNREACHABLE =
  "The gallery could not be reached, so nothing was changed. Check your connection and try again.";

/** Runs a server action; a network failure or a server error becomes a refusal the form can show, never a crash. */
export async function callAction<T>(action: () => Promise<Result<T>>): Promise<Result<T>> {
  try {
    return await action();
  } catch {
    return { ok: false, error: UNREACHABLE };
  }
}

/** The same actions, each answering through callAction. */
export function guarded<A extends Record<string, (input: never) => Promise<Result<unknown>>>>(actions: A): A {
  return Object.fromEntries(
    Object.entries(actions).map(([name, action]) => [name, (input: never) => callAction(() => action(input))]),
  ) as A;
}
