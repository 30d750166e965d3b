import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { LocalTime } from "@/components/local-time";
import { PageTitle } from "@/components/page-title";
import { PolicyStateBadge } from "@/components/trusted-publishing/policy-state";
import { PolicyUsage } from "@/components/trusted-publishing/policy-usage";
import { pageNumber } from "@/components/ui/pager";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { readParam, requireParam } from "@/lib/page-params";
import { policyUsage, USES_PER_PAGE } from "@/lib/trusted-publishing/policies";

export const metadata: Metadata = { title: "Trusted Publishing policy usage" };

type Props = { params: Promise<{ policyId: string }>; searchParams: Promise<{ page?: string | string[] }> };

export default async function PolicyUsagePage({ params, searchParams }: Props) {
  const user = await requireUser();
  const policyId = requireParam((await params).policyId);
  const page = pageNumber(readParam((await searchParams).page, 12), USES_PER_PAGE);
  const usage = await policyUsage(db, user.id, policyId, page);
  if (!usage) notFound();
  const { policy } = usage;
  return (
    <div className="space-y-6">
      <p>
        <Link href="/account/trustedpublishing" className="text-brand text-sm hover:underline">
          ← Trusted Publishing
        </Link>
      </p>
      <PageTitle intro="Each time a workflow traded its OIDC token for a key: the run, the key's state now and what it pushed.">
        {policy.name}
      </PageTitle>
      <section
        aria-label="Policy"
        className="space-y-2 rounded-lg border border-gray-200 bg-white p-4 text-sm shadow-sm"
      >
        <p>
          <PolicyStateBadge state={policy.state} />
        </p>
        <dl className="grid gap-x-4 gap-y-1 sm:grid-cols-[max-content_1fr]">
          <dt className="text-gray-600">Package owner</dt>
          <dd>{policy.owner.username}</dd>
          <dt className="text-gray-600">Repository</dt>
          <dd>
            <code>
              {policy.repositoryOwner}/{policy.repository}
            </code>
            {policy.repositoryId ? ` (repository id ${policy.repositoryId}, pinned at first use)` : ""}
          </dd>
          <dt className="text-gray-600">Workflow file</dt>
          <dd>
            <code>{policy.workflowFile}</code>
          </dd>
          <dt className="text-gray-600">Environment</dt>
          <dd>{policy.environment ? <code>{policy.environment}</code> : "Any"}</dd>
          <dt className="text-gray-600">Created</dt>
          <dd>
            <LocalTime value={policy.createdAt} />
          </dd>
          <dt className="text-gray-600">Last used</dt>
          <dd>{policy.lastUsedAt ? <LocalTime value={policy.lastUsedAt} /> : "Never"}</dd>
        </dl>
      </section>
      <section aria-labelledby="uses-heading" className="space-y-3">
        <h2 id="uses-heading" className="text-xl font-semibold">
          Uses
        </h2>
        <PolicyUsage {...usage} perPage={USES_PER_PAGE} basePath={`/account/trustedpublishing/${policy.id}`} />
      </section>
    </div>
  );
}
