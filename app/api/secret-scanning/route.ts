import { answerLeakReport } from "@/lib/api-keys/leak-endpoint";
import { guardDatabase } from "@/lib/db/availability";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { ScanningKeys } from "@/lib/security/secret-scanning";

export const dynamic = "force-dynamic";

const globalForKeys = globalThis as unknown as { galleryScanningKeys?: ScanningKeys };

// The partner's signature over the body is this route's gate; sessions and API keys play no part.
export function POST(request: Request) {
  const keys = (globalForKeys.galleryScanningKeys ??= new ScanningKeys(env().SECRET_SCANNING_KEYS_URL));
  return guardDatabase(() => answerLeakReport({ db, keys }, request));
}
