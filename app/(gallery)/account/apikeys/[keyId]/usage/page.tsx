import type { Metadata } from "next";
import { PageTitle } from "@/components/page-title";
import Link from "next/link";
import { notFound } from "next/navigation";
import { clsx } from "clsx";
import { UsageChart } from "@/components/usage/usage-chart";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { Pager, pageNumber } from "@/components/ui/pager";
import { getKeyUsage, USES_PER_PAGE } from "@/lib/db/usage";
import { readParam, requireParam } from "@/lib/page-params";
import { LocalTime } from "@/components/local-time";
import { DataTable } from "@/components/ui/data-table";

export const metadata: Metadata = { title: "API key usage" };

type Props = { params: Promise<{ keyId: string }>; searchParams: Promise<{ page?: string | string[] }> };

export default async function KeyUsagePage({ params, searchParams }: Props) {
  const user = await requireUser();
  const { keyId } = await params;
  const page = pageNumber(readParam((await searchParams).page, 12), USES_PER_PAGE);
  const usage = await getKeyUsage(db, user.id, requireParam(keyId), new Date(), page);
  if (!usage) notFound();
  return (
    <div className="space-y-6">
      <p>
        <Link href="/account/apikeys" className="text-brand text-sm hover:underline">
          ← API Keys
        </Link>
      </p>
      <PageTitle>
        Usage of <span className="font-normal">{usage.key.name}</span>
      </PageTitle>
      <p className="font-mono text-xs text-gray-600">{usage.key.hint}</p>
      <UsageChart daily={usage.daily} />
      <section aria-labelledby="recent-heading" className="space-y-2">
        <h2 id="recent-heading" className="text-xl font-semibold">
          Recent uses
        </h2>
        {usage.recent.length === 0 ? (
          <p className="text-gray-600">This key has not been used yet. Its pushes and unlists will show here.</p>
        ) : (
          <DataTable
            columns={["Time", "Action", "Package", "Result", "Client IP", "User agent"]}
            scrollLabel="Recent uses, scrollable"
          >
            {usage.recent.map((u) => (
              <tr key={u.id} className="border-t border-gray-100 align-top">
                <td className="px-3 py-2 whitespace-nowrap">
                  <LocalTime value={u.createdAt} />
                </td>
                <td className="px-3 py-2">{u.action}</td>
                <td className="px-3 py-2 font-mono text-xs">
                  {[u.packageId, u.version].filter(Boolean).join(" ") || "—"}
                </td>
                <td className="px-3 py-2">
                  <span className={clsx("font-semibold", u.status < 400 ? "text-green-800" : "text-red-700")}>
                    {u.status}
                  </span>{" "}
                  {u.result}
                </td>
                <td className="px-3 py-2 font-mono text-xs">{u.ip ?? "—"}</td>
                <td className="max-w-48 truncate px-3 py-2 text-xs" title={u.userAgent ?? undefined}>
                  {u.userAgent ?? "—"}
                </td>
              </tr>
            ))}
          </DataTable>
        )}
        <Pager
          label="Pages of uses"
          page={page}
          perPage={USES_PER_PAGE}
          total={usage.total}
          href={(n) => `/account/apikeys/${usage.key.id}/usage?page=${n}`}
        />
      </section>
    </div>
  );
}
