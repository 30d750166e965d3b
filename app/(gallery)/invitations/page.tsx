import type { Metadata } from "next";
import { InvitationList } from "@/components/organizations/invitation-list";
import { PageTitle } from "@/components/page-title";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { listMyInvitations } from "@/lib/organizations/invitations";
import { acceptInvitationAction, declineInvitationAction } from "../organizations/actions";

export const metadata: Metadata = { title: "Invitations" };

export default async function InvitationsPage() {
  const user = await requireUser();
  const invitations = await listMyInvitations(db, user.id);
  return (
    <div className="space-y-6">
      <PageTitle intro="Organizations you have been invited to. You become a member only when you accept.">
        Invitations
      </PageTitle>
      <InvitationList
        invitations={invitations}
        actions={{ accept: acceptInvitationAction, decline: declineInvitationAction }}
      />
    </div>
  );
}
