import { db } from "@/lib/db/client";
import { guardDatabase } from "@/lib/db/availability";
import { env } from "@/lib/env";
import { requestOrigin } from "@/lib/security/origin";
import { answerTokenRequest } from "@/lib/trusted-publishing/token-endpoint";
import { trustedIssuers } from "@/lib/trusted-publishing/trusted-issuers";

export const dynamic = "force-dynamic";

// The OIDC token in the Authorization header is this route's gate; sessions play no part.
export function POST(request: Request) {
  const settings = env();
  const verify = trustedIssuers(settings, requestOrigin(request, settings));
  return guardDatabase(() =>
    answerTokenRequest(request, { db, verify, keyMinutes: settings.TRUSTED_PUBLISHING_KEY_MINUTES }),
  );
}
