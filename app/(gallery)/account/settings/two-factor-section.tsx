import { SettingsSection } from "@/components/account/settings-section";
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
    <SettingsSection id="two-factor" title="Two-factor sign-in">
      <TwoFactorSettings enabledAt={status.enabledAt} recoveryCodesLeft={status.recoveryCodesLeft} actions={ACTIONS} />
    </SettingsSection>
  );
}
