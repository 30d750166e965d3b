import { TwoFactorSettings, type TwoFactorActions } from "@/components/account/two-factor-settings";
import type { SessionUser } from "@/lib/auth/views";
import { db } from "@/lib/db/client";
import { findTwoFactorStatus } from "@/lib/db/two-factor";
import {
  beginTwoFactorAction,
  disableTwoFactorAction,
  enableTwoFactorAction,
  regenerateRecoveryCodesAction,
} from "./two-factor-actions";

const ACTIONS: TwoFactorActions = {
  begin: beginTwoFactorAction,
  enable: enableTwoFactorAction,
  regenerate: regenerateRecoveryCodesAction,
  disable: disableTwoFactorAction,
};

export async function TwoFactorSection({ user }: { user: SessionUser }) {
  const status = await findTwoFactorStatus(db, user.id);
  return (
    <section aria-labelledby="two-factor-heading" className="space-y-3">
      <h2 id="two-factor-heading" className="text-xl font-semibold">
        Two-factor sign-in
      </h2>
      <div className="rounded-lg border border-gray-200 bg-white p-5 shadow-sm">
        <TwoFactorSettings
          enabledAt={status.enabledAt}
          recoveryCodesLeft={status.recoveryCodesLeft}
          actions={ACTIONS}
        />
      </div>
    </section>
  );
}
