import Link from "next/link";
import { LocalTime } from "@/components/local-time";
import { Pager } from "@/components/ui/pager";
import type { PolicyUsageView, PolicyUseView } from "@/lib/trusted-publishing/views";

type Props = PolicyUsageView & { perPage: number; basePath: string };

/** "release.yml at refs/heads/main" from a job_workflow_ref. */
function workflowOf(ref: string | null): string | null {
  const match = ref?.match(/\/\.github\/workflows\/([^@]+)@(.+)$/);
  return match ? `${match[1]} at ${match[2]}` : ref;
}

function KeyState({ use }: { use: PolicyUseView }) {
  switch (use.key.state) {
    case "active":
      return (
        <span className="text-green-800">
          Valid until {use.key.expiresAt ? <LocalTime value={use.key.expiresAt} /> : "revoked"}
        </span>
      );
    case "expired":
      return <span className="text-gray-600">Expired</span>;
    case "revoked":
      return <span className="text-red-800">Revoked</span>;
    case "purged":
      return <span className="text-gray-600">Expired and removed</span>;
  }
}

function Use({ use }: { use: PolicyUseView }) {
  const workflow = workflowOf(use.workflowRef);
  return (
    <li className="grid gap-x-4 gap-y-2 px-4 py-3 text-sm sm:grid-cols-[11rem_1fr_12rem_1fr]">
      <div>
        <span className="sr-only">When: </span>
        <LocalTime value={use.at} />
      </div>
      <div className="min-w-0">
        <code className="break-all">{use.repository ?? "unknown repository"}</code>
        {workflow && <div className="text-xs break-all text-gray-600">{workflow}</div>}
        {use.environment && <div className="text-xs text-gray-600">environment {use.environment}</div>}
        {use.runId && use.repository && (
          <a
            href={`https://github.com/${use.repository}/actions/runs/${encodeURIComponent(use.runId)}`}
            className="text-brand text-xs underline underline-offset-2"
            rel="noreferrer"
          >
            Run {use.runId}
          </a>
        )}
      </div>
      <div>
        <KeyState use={use} />
      </div>
      <div className="min-w-0">
        {use.pushes.length === 0 ? (
          <span className="text-gray-600">Nothing pushed</span>
        ) : (
          <ul aria-label="Pushed">
            {use.pushes.map((push) => (
              <li key={`${push.packageId}/${push.version}/${push.symbols}`} className="break-all">
                <Link
                  href={`/packages/${encodeURIComponent(push.packageId)}/${encodeURIComponent(push.version)}`}
                  className="text-brand underline underline-offset-2"
                >
                  {push.packageId} {push.version}
                </Link>
                {push.symbols ? " (symbols)" : ""}
              </li>
            ))}
          </ul>
        )}
      </div>
    </li>
  );
}

/** Every token a policy traded for a key: from which run, the key's state now, and what it pushed. */
export function PolicyUsage({ policy, uses, total, page, perPage, basePath }: Props) {
  if (total === 0) return <p className="text-gray-600">No workflow has used {policy.name} yet.</p>;
  return (
    <div className="space-y-3">
      <div className="overflow-hidden rounded-lg border border-gray-200 bg-white shadow-sm">
        <div
          aria-hidden
          className="hidden gap-x-4 bg-gray-50 px-4 py-2 text-sm font-medium text-gray-700 sm:grid sm:grid-cols-[11rem_1fr_12rem_1fr]"
        >
          <span>When</span>
          <span>Workflow run</span>
          <span>Key</span>
          <span>Pushed</span>
        </div>
        <ul aria-label={`Uses of ${policy.name}`} className="divide-y divide-gray-100">
          {uses.map((use) => (
            <Use key={use.id} use={use} />
          ))}
        </ul>
      </div>
      <Pager label="Uses" page={page} perPage={perPage} total={total} href={(p) => `${basePath}?page=${p}`} />
    </div>
  );
}
