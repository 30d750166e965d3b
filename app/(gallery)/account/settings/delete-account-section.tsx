import { DeleteAccountDialog } from "@/components/account/delete-account";
import { SettingsSection } from "@/components/account/settings-section";
import { lastAdminMessage, lastAdminOrganizations } from "@/lib/accounts/delete-account";
import type { SessionUser } from "@/lib/auth/views";
import { db } from "@/lib/db/client";
import { deleteAccountAction } from "./actions";

export async function DeleteAccountSection({ user }: { user: SessionUser }) {
  const blocking = await lastAdminOrganizations(db, user.id);
  return (
    <SettingsSection id="delete-account" title="Delete account" danger intro="Danger zone: this cannot be undone.">
      <ul className="list-disc space-y-1 pl-5 text-sm text-gray-800">
        <li>Your API keys are deleted and stop working at once.</li>
        <li>You leave your organizations; their packages and other members&apos; keys are not affected.</li>
        <li>
          Your packages keep their ids, but nobody can push to them until the gallery&apos;s operator gives them a new
          owner.
        </li>
        <li>Your username, {user.username}, stays reserved. We mail your address to confirm.</li>
      </ul>
      {blocking.length > 0 && (
        <p className="rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {lastAdminMessage(blocking)}
        </p>
      )}
      <DeleteAccountDialog username={user.username} deleteAccount={deleteAccountAction} />
    </SettingsSection>
  );
}
