/** Field name → messages, as zod's flattenError gives them; "form" holds errors about the whole input. */
export type FieldErrors = Record<string, string[] | undefined>;

/** The one result of every use case and server action. */
export type Result<T = undefined> = { ok: true; data: T } | { ok: false; error: string; fieldErrors?: FieldErrors };

export function ok(): Result<undefined>;
export function ok<T>(data: T): Result<T>;
export function ok<T>(data?: T): Result<T | undefined> {
  return { ok: true, data };
}

/** A refusal; with a field, the message is also shown beside that field. */
export function fail(error: string, field?: string): { ok: false; error: string; fieldErrors?: FieldErrors } {
  return field ? { ok: false, error, fieldErrors: { [field]: [error] } } : { ok: false, error };
}
