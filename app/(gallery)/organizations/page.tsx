import type { Metadata } from "next";
import { PageTitle } from "@/components/page-title";
import Link from "next/link";
import { CreateOrganizationForm } from "@/components/organizations/create-organization-form";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { listMyOrganizations } from "@/lib/db/organizations";
import { ROLE_LABELS } from "@/lib/organizations/schemas";
import { createOrganizationAction } from "./actions";

export const metadata: Metadata = { title: "Organizations" };

export default async function OrganizationsPage() {
  const user = await requireUser();
  const organizations = await listMyOrganizations(db, user.id);
  return (
    <div className="space-y-6">
      <PageTitle
        intro={
          <>
            An organization shares a publisher account: its members push and manage its packages with keys scoped to it.
          </>
        }
      >
        Organizations
      </PageTitle>
      {organizations.length === 0 ? (
        <p className="text-gray-600">You do not belong to an organization yet.</p>
      ) : (
        <ul className="divide-y divide-gray-200 rounded-lg border border-gray-200 bg-white shadow-sm">
          {organizations.map((org) => (
            <li key={org.id} className="flex items-center justify-between px-5 py-3">
              <div>
                <Link href={`/organizations/${org.username}`} className="text-brand font-semibold hover:underline">
                  {org.username}
                </Link>
                <span className="ml-2 text-sm text-gray-600">{org.name}</span>
              </div>
              <span className="text-sm text-gray-700">
                {ROLE_LABELS[org.role]} · {org.members} member{org.members === 1 ? "" : "s"}
              </span>
            </li>
          ))}
        </ul>
      )}
      <section aria-labelledby="create-org" className="space-y-2">
        <h2 id="create-org" className="text-xl font-semibold">
          Create an organization
        </h2>
        <CreateOrganizationForm createOrganization={createOrganizationAction} />
      </section>
    </div>
  );
}
