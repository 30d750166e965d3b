import { timingSafeEqual } from "node:crypto";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { runScheduledExpiryJob } from "@/lib/jobs/expiry";

export const dynamic = "force-dynamic";

function authorized(request: Request): boolean {
  const secret = env().CRON_SECRET;
  const given = request.headers.get("authorization")?.match(/^Bearer (.+)$/)?.[1];
  if (!secret || !given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** For schedulers: the expiry job behind a CRON_SECRET bearer token, the gate of this route; once an hour across instances. */
export async function POST(request: Request) {
  if (!env().CRON_SECRET)
    return new Response("The job route is disabled: set CRON_SECRET to enable it.", { status: 404 });
  if (!authorized(request)) {
    return new Response("A valid bearer token is required.", {
      status: 401,
      headers: { "WWW-Authenticate": 'Bearer realm="jobs"' },
    });
  }
  const run = await runScheduledExpiryJob(db);
  return Response.json(run.ran ? { ran: true, ...run.result } : run);
}
