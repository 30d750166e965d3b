import { SessionList } from "@/components/account/session-list";
import { SettingsSection } from "@/components/account/settings-section";
import { listSessions } from "@/lib/accounts/sessions";
import type { SessionUser } from "@/lib/auth/views";
import { db } from "@/lib/db/client";
import { endSessionAction, signOutEverywhereAction } from "./actions";

export async function SessionsSection({ user }: { user: SessionUser }) {
  const sessions = await listSessions(db, user.id, user.sessionId);
  return (
    <SettingsSection
      id="sessions"
      title="Where you are signed in"
      intro="Browsers signed in to your account. Sign out any you do not recognise, then change your password."
    >
      <SessionList
        sessions={sessions}
        actions={{ endSession: endSessionAction, signOutEverywhere: signOutEverywhereAction }}
      />
    </SettingsSection>
  );
}
