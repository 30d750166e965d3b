import { ChangePasswordForm } from "@/components/account/password-form";
import { SettingsSection } from "@/components/account/settings-section";
import type { SessionUser } from "@/lib/auth/views";
import { changePasswordAction } from "./actions";

export async function PasswordSection({ user }: { user: SessionUser }) {
  void user;
  return (
    <SettingsSection
      id="password"
      title="Password"
      intro="Changing it signs out every other browser signed in to your account; this one stays signed in."
    >
      <ChangePasswordForm changePassword={changePasswordAction} />
    </SettingsSection>
  );
}
