import { ChangeEmailForm, ResendConfirmation } from "@/components/account/email-form";
import { SettingsSection } from "@/components/account/settings-section";
import type { SessionUser } from "@/lib/auth/views";
import { changeEmailAction, resendConfirmationAction } from "./actions";

export async function EmailSection({ user }: { user: SessionUser }) {
  return (
    <SettingsSection id="email" title="E-mail address" intro="Where key notices and account mail go.">
      <div className="space-y-2">
        <p className="flex flex-wrap items-center gap-2 text-sm">
          <span className="text-gray-700">Your address:</span>
          <strong className="break-all">{user.email}</strong>
          {user.emailConfirmed ? (
            <span className="rounded-full bg-green-100 px-2 py-0.5 text-xs font-semibold text-green-900">
              Confirmed
            </span>
          ) : (
            <span className="rounded-full bg-amber-100 px-2 py-0.5 text-xs font-semibold text-amber-900">
              Not confirmed
            </span>
          )}
        </p>
        {!user.emailConfirmed && (
          <>
            <p className="text-sm text-gray-700">
              Open the link we mailed to this address to create API keys and push packages.
            </p>
            <ResendConfirmation resend={resendConfirmationAction} />
          </>
        )}
      </div>
      <div className="space-y-3 border-t border-gray-200 pt-4">
        <h3 className="font-semibold">Change your address</h3>
        <p className="text-sm text-gray-700">
          We mail a link to the new address, and the change takes effect once you open it there.
        </p>
        <ChangeEmailForm changeEmail={changeEmailAction} />
      </div>
    </SettingsSection>
  );
}
