"use server";

import { authedAction } from "@/lib/auth/session";
import { env } from "@/lib/env";
import { pageRequest } from "@/lib/page-params";
import { fail, ok } from "@/lib/result";
import { requestOrigin } from "@/lib/security/origin";
import { mintDemoToken } from "@/lib/trusted-publishing/demo-issuer";
import { demoTokenSchema } from "@/lib/trusted-publishing/schemas";
import { galleryAudience } from "@/lib/trusted-publishing/trusted-issuers";

export const mintDemoTokenAction = authedAction(demoTokenSchema, async (user, input) => {
  const settings = env();
  if (!settings.DEMO_MODE) return fail("The demo token issuer is off: the gallery is not in demo mode.");
  const origin = requestOrigin(await pageRequest(), settings);
  return ok(
    await mintDemoToken(input, {
      origin,
      audience: galleryAudience(settings, origin),
      secret: settings.AUTH_SECRET,
      username: user.username,
    }),
  );
});
