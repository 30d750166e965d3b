import { checkDatabase } from "@/lib/db/availability";
import { db } from "@/lib/db/client";

export const dynamic = "force-dynamic";

/** Readiness: 200 when the database answers, 503 with the reason when it does not. */
export async function GET() {
  const database = await checkDatabase(db);
  return Response.json(database.ok ? { status: "ready" } : { status: "unavailable", message: database.message }, {
    status: database.ok ? 200 : 503,
    headers: { "cache-control": "no-store", ...(database.ok ? {} : { "Retry-After": "5" }) },
  });
}
