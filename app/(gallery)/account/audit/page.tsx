import type { Metadata } from "next";
import { PageTitle } from "@/components/page-title";
import { AuditLog } from "@/components/audit/audit-log";
import { requireUser } from "@/lib/auth/session";
import { listAuditEvents } from "@/lib/db/audit";
import { db } from "@/lib/db/client";
import { readParam } from "@/lib/page-params";

export const metadata: Metadata = { title: "Audit log" };

type Props = { searchParams: Promise<{ key?: string | string[]; action?: string | string[] }> };

export default async function AccountAuditPage({ searchParams }: Props) {
  const user = await requireUser();
  const { key, action } = await searchParams;
  const filters = { keyId: readParam(key), action: readParam(action) };
  const log = await listAuditEvents(db, { userId: user.id }, filters);
  return (
    <div className="space-y-6">
      <PageTitle intro={<>What you did, and every push and unlist attempt made with your keys.</>}>Audit log</PageTitle>
      <AuditLog {...log} filters={filters} />
    </div>
  );
}
