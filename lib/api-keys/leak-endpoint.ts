import * as z from "zod/mini";
import type { Db } from "@/lib/db/client";
import { verifyScanningSignature, type ScanningKeys } from "@/lib/security/secret-scanning";
import { reportLeakedKeys } from "./report-leaked-keys";

export const LEAK_BODY_MAX_BYTES = 1024 * 1024;
export const LEAK_REPORTS_MAX = 1000;

const reportSchema = z
  .array(
    z.object({
      token: z.string(),
      type: z.optional(z.string()),
      url: z.optional(z.string()),
      source: z.optional(z.string()),
    }),
  )
  .check(z.maxLength(LEAK_REPORTS_MAX));

export type LeakEndpointDeps = { db: Db; keys: ScanningKeys; now?: Date };

function json(status: number, body: unknown): Response {
  return Response.json(body, { status, headers: { "cache-control": "no-store" } });
}

/** The body as text, or null when it is larger than the limit (read no further than that). */
async function readCapped(request: Request, max: number): Promise<string | null> {
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > max) return null;
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * POST /api/secret-scanning: GitHub's secret-scanning partner report. The signature over the raw body is
 * checked before anything is parsed; an unsigned or badly signed request changes nothing.
 */
export async function answerLeakReport(deps: LeakEndpointDeps, request: Request): Promise<Response> {
  const body = await readCapped(request, LEAK_BODY_MAX_BYTES);
  if (body === null) return json(413, { error: `The report is larger than ${LEAK_BODY_MAX_BYTES} bytes.` });
  let verified: boolean;
  try {
    verified = await verifyScanningSignature(
      deps.keys,
      body,
      request.headers.get("github-public-key-identifier"),
      request.headers.get("github-public-key-signature"),
    );
  } catch (error) {
    console.error(`[secret-scanning] cannot load the public keys: ${(error as Error).message}`);
    return json(503, { error: "The scanner's public keys cannot be loaded right now." });
  }
  if (!verified) return json(401, { error: "The signature is missing or does not match." });
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch {
    return json(400, { error: "The body is not JSON." });
  }
  const parsed = reportSchema.safeParse(data);
  if (!parsed.success)
    return json(400, {
      error: `The body must be a JSON array of at most ${LEAK_REPORTS_MAX} objects with a string "token".`,
    });
  const result = await reportLeakedKeys(deps.db, parsed.data, deps.now);
  if (!result.ok) return json(400, { error: result.error });
  return json(200, result.data);
}
