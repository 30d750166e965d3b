import type { Metadata } from "next";
import { PageTitle } from "@/components/page-title";
import { AuditLog } from "@/components/audit/audit-log";
import { requireUser } from "@/lib/auth/session";
import { Pager, pageNumber } from "@/components/ui/pager";
import { AUDIT_PER_PAGE, listAuditEvents } from "@/lib/db/audit";
import { db } from "@/lib/db/client";
import { readParam } from "@/lib/page-params";

export const metadata: Metadata = { title: "Audit log" };

type Props = {
  searchParams: Promise<{ key?: string | string[]; action?: string | string[]; page?: string | string[] }>;
};

function auditHref(base: string, filters: { keyId?: string; action?: string }) {
  return (page: number) => {
    const params = new URLSearchParams();
    if (filters.keyId) params.set("key", filters.keyId);
    if (filters.action) params.set("action", filters.action);
    params.set("page", String(page));
    return `${base}?${params}`;
  };
}

export default async function AccountAuditPage({ searchParams }: Props) {
  const user = await requireUser();
  const { key, action, page: pageParam } = await searchParams;
  const filters = { keyId: readParam(key), action: readParam(action) };
  const page = pageNumber(readParam(pageParam, 12), AUDIT_PER_PAGE);
  const log = await listAuditEvents(db, { userId: user.id }, filters, page);
  return (
    <div className="space-y-6">
      <PageTitle intro={<>What you did, and every push and unlist attempt made with your keys.</>}>Audit log</PageTitle>
      <AuditLog {...log} filters={filters} />
      <Pager
        label="Pages of the audit log"
        page={page}
        perPage={AUDIT_PER_PAGE}
        total={log.total}
        href={auditHref("/account/audit", filters)}
      />
    </div>
  );
}
