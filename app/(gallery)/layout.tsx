import { InvitationNotice } from "@/components/organizations/invitation-notice";
import { SiteHeader } from "@/components/site-header";
import { SkipLink } from "@/components/skip-link";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { listMyInvitations } from "@/lib/organizations/invitations";
import { signOutAction } from "./actions";

export default async function GalleryLayout({ children }: { children: React.ReactNode }) {
  const user = await requireUser();
  const invitations = await listMyInvitations(db, user.id);
  return (
    <>
      <SkipLink />
      <SiteHeader user={user} signOut={signOutAction} />
      <main id="main" tabIndex={-1} className="mx-auto max-w-5xl px-4 py-8 outline-none">
        <noscript>
          <p className="mb-6 rounded border border-amber-400 bg-amber-50 px-4 py-3 text-sm text-amber-900">
            JavaScript is off: you can read every page, but creating, editing and revoking keys and changing
            organizations need it.
          </p>
        </noscript>
        <InvitationNotice organizations={[...new Set(invitations.map((i) => i.organization))]} />
        {children}
      </main>
    </>
  );
}
