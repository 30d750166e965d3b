import type { Metadata } from "next";
import { PageTitle } from "@/components/page-title";
import { AuditLog } from "@/components/audit/audit-log";
import { requireUser } from "@/lib/auth/session";
import { pageNumber } from "@/components/ui/pager";
import { AUDIT_PER_PAGE, listAuditEvents } from "@/lib/db/audit";
import { db } from "@/lib/db/client";
import { readParam } from "@/lib/page-params";

export const metadata: Metadata = { title: "Audit log" };

type Props = {
  searchParams: Promise<{ key?: string | string[]; action?: string | string[]; page?: string | string[] }>;
};

export default async function AccountAuditPage({ searchParams }: Props) {
  const user = await requireUser();
  const { key, action, page: pageParam } = await searchParams;
  const filters = { keyId: readParam(key), action: readParam(action) };
  const page = pageNumber(readParam(pageParam, 12), AUDIT_PER_PAGE);
  const log = await listAuditEvents(db, { userId: user.id }, filters, page);
  return (
    <div className="space-y-6">
      <PageTitle intro={<>What you did, and every push and unlist attempt made with your keys.</>}>Audit log</PageTitle>
      <AuditLog {...log} filters={filters} page={page} basePath="/account/audit" />
    </div>
  );
}
