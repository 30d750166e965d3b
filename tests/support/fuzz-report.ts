// What the fuzzing properties check of a refusal, and how they report the inputs that failed.

/** A refusal a person can read: non-empty, trimmed, with words, ending as a sentence does. */
export function isSentence(message: unknown): boolean {
  return (
    typeof message === "string" &&
    message.length > 0 &&
    message.trim() === message &&
    /[.!?]$/.test(message) &&
    /[A-Za-z]{2}/.test(message)
  );
}

/** The few shortest failing inputs, for a readable report. */
export function smallest(inputs: string[], n = 6): string[] {
  return [...new Set(inputs)].sort((a, b) => a.length - b.length).slice(0, n);
}

/** The input and the last line of the error (Prisma puts the database's reason there). */
export function failure(input: unknown, error: unknown): string {
  const lines = String(error instanceof Error ? error.message : error)
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
  return `${JSON.stringify(input)} -> ${(error as Error)?.constructor?.name ?? "error"}: ${(lines.at(-1) ?? "").slice(0, 200)}`;
}
