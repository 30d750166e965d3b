"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import * as z from "zod/mini";
import { beginTwoFactor, disableTwoFactor, enableTwoFactor, regenerateRecoveryCodes } from "@/lib/accounts/two-factor";
import { disableTwoFactorSchema, enableTwoFactorSchema, recoveryCodesSchema } from "@/lib/auth/schemas";
import { authedAction } from "@/lib/auth/session";
import { limitedAttempt } from "@/lib/auth/sign-in-limit";
import { db } from "@/lib/db/client";
import { clientIp } from "@/lib/security/client-ip";
import { settle } from "@/lib/server-actions";

const refresh = () => {
  revalidatePath("/account/settings");
  revalidatePath("/account/apikeys");
  revalidatePath("/organizations", "layout");
};

/** The new secret and its QR code travel back in this answer only. */
export const beginTwoFactorAction = authedAction(z.object({}), async (user) => beginTwoFactor(db, user.id));

/** The recovery codes travel back in this answer only. */
export const enableTwoFactorAction = authedAction(enableTwoFactorSchema, async (user, { code }) =>
  settle(await enableTwoFactor(db, user.id, code, user.sessionId), refresh),
);

export const regenerateRecoveryCodesAction = authedAction(recoveryCodesSchema, async (user, { password }) =>
  settle(
    await limitedAttempt(user.email, clientIp(await headers()), () => regenerateRecoveryCodes(db, user.id, password)),
    refresh,
  ),
);

export const disableTwoFactorAction = authedAction(disableTwoFactorSchema, async (user, input) =>
  settle(
    await limitedAttempt(user.email, clientIp(await headers()), () =>
      disableTwoFactor(db, user.id, input, user.sessionId),
    ),
    refresh,
  ),
);
