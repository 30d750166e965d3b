import type { Metadata } from "next";
import { PageTitle } from "@/components/page-title";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AuditLog } from "@/components/audit/audit-log";
import { requireUser } from "@/lib/auth/session";
import { pageNumber } from "@/components/ui/pager";
import { AUDIT_PER_PAGE, listAuditEvents } from "@/lib/db/audit";
import { db } from "@/lib/db/client";
import { getOrganization } from "@/lib/db/organizations";
import { readParam, requireParam } from "@/lib/page-params";

export const metadata: Metadata = { title: "Organization audit log" };

type Props = {
  params: Promise<{ name: string }>;
  searchParams: Promise<{ key?: string | string[]; action?: string | string[]; page?: string | string[] }>;
};

export default async function OrganizationAuditPage({ params, searchParams }: Props) {
  const user = await requireUser();
  const org = await getOrganization(db, user.id, requireParam((await params).name));
  if (!org || org.myRole !== "admin") notFound();
  const { key, action, page: pageParam } = await searchParams;
  const filters = { keyId: readParam(key), action: readParam(action) };
  const page = pageNumber(readParam(pageParam, 12), AUDIT_PER_PAGE);
  const log = await listAuditEvents(db, { organizationId: org.id }, filters, page);
  return (
    <div className="space-y-6">
      <p>
        <Link href={`/organizations/${org.username}`} className="text-brand text-sm hover:underline">
          ← {org.username}
        </Link>
      </p>
      <PageTitle>Audit log of {org.username}</PageTitle>
      <AuditLog {...log} filters={filters} page={page} basePath={`/organizations/${org.username}/audit`} />
    </div>
  );
}
