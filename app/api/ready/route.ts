import { checkDatabase } from "@/lib/db/availability";
import { db } from "@/lib/db/client";
import { keyCacheOn } from "@/lib/db/key-auth";

export const dynamic = "force-dynamic";

/**
 * Readiness: 200 when the database answers, 503 with the reason when it does not. `keyCache` says whether
 * verified keys are kept: off while the instance cannot hear other instances' key changes (it is slower, never stale).
 */
export async function GET() {
  const database = await checkDatabase(db);
  const keyCache = keyCacheOn(db) ? "on" : "off";
  return Response.json(
    database.ok ? { status: "ready", keyCache } : { status: "unavailable", message: database.message, keyCache },
    {
      status: database.ok ? 200 : 503,
      headers: { "cache-control": "no-store", ...(database.ok ? {} : { "Retry-After": "5" }) },
    },
  );
}
