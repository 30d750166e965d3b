import type { Db } from "./client";

const UNREACHABLE_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);
const UNREACHABLE_TEXT =
  /ECONNREFUSED|ECONNRESET|ETIMEDOUT|Can't reach database|Connection terminated|connection timeout|SocketTimeout|Operation has timed out|database is locked|SQLITE_BUSY|SQLITE_CANTOPEN/i;

export const DATABASE_UNAVAILABLE = "The gallery cannot reach its database right now. Try again in a moment.";

/** Whether an error means the database is down or busy, as opposed to a bug: the former is a 503. */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { code, name, message, cause } = error as {
    code?: unknown;
    name?: unknown;
    message?: unknown;
    cause?: unknown;
  };
  if (typeof code === "string" && UNREACHABLE_CODES.has(code)) return true;
  if (name === "PrismaClientInitializationError") return true;
  if (typeof message === "string" && UNREACHABLE_TEXT.test(message)) return true;
  return cause !== undefined && cause !== error && isDatabaseUnavailable(cause);
}

export function unavailableResponse(): Response {
  return new Response(DATABASE_UNAVAILABLE, {
    status: 503,
    statusText: DATABASE_UNAVAILABLE,
    headers: { "Retry-After": "5", "content-type": "text/plain; charset=utf-8" },
  });
}

/** Runs a route handler body; database outages become 503 with a clear message instead of a crash. */
export async function guardDatabase(handler: () => Promise<Response>): Promise<Response> {
  try {
    return await handler();
  } catch (error) {
    if (!isDatabaseUnavailable(error)) throw error;
    console.error(`[db] unavailable: ${(error as Error).message.split("\n")[0]}`);
    return unavailableResponse();
  }
}

/** Readiness: one round trip to the database, bounded in time. */
export async function checkDatabase(db: Db, timeoutMs = 2000): Promise<{ ok: true } | { ok: false; message: string }> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      db.$queryRaw`SELECT 1`,
      new Promise((_, reject) => (timer = setTimeout(() => reject(new Error("connection timeout")), timeoutMs))),
    ]);
    return { ok: true };
  } catch (error) {
    return {
      ok: false,
      message: isDatabaseUnavailable(error)
        ? DATABASE_UNAVAILABLE
        : `Database check failed: ${(error as Error).message.split("\n")[0]}`,
    };
  } finally {
    clearTimeout(timer);
  }
}
