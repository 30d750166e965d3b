import Link from "next/link";
import { LocalTime } from "@/components/local-time";
import { DataTable } from "@/components/ui/data-table";
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

function UseRow({ use }: { use: PolicyUseView }) {
  const workflow = workflowOf(use.workflowRef);
  return (
    <tr className="border-t border-gray-100 align-top">
      <td className="px-3 py-2 whitespace-nowrap">
        <LocalTime value={use.at} />
      </td>
      <td className="px-3 py-2">
        <code className="break-all">{use.repository ?? "unknown repository"}</code>
        {workflow && <div className="text-xs text-gray-600">{workflow}</div>}
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
      </td>
      <td className="px-3 py-2 whitespace-nowrap">
        <KeyState use={use} />
      </td>
      <td className="px-3 py-2">
        {use.pushes.length === 0 ? (
          <span className="text-gray-600">Nothing pushed</span>
        ) : (
          <ul>
            {use.pushes.map((push) => (
              <li key={`${push.packageId}/${push.version}/${push.symbols}`}>
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
      </td>
    </tr>
  );
}

/** Every token a policy traded for a key: from which run, the key's state now, and what it pushed. */
export function PolicyUsage({ policy, uses, total, page, perPage, basePath }: Props) {
  if (total === 0) return <p className="text-gray-600">No workflow has used {policy.name} yet.</p>;
  return (
    <div className="space-y-3">
      <DataTable
        columns={["When", "Workflow run", "Key", "Pushed"]}
        caption={`Uses of ${policy.name}`}
        scrollLabel={`Uses of ${policy.name}`}
      >
        {uses.map((use) => (
          <UseRow key={use.id} use={use} />
        ))}
      </DataTable>
      <Pager label="Uses" page={page} perPage={perPage} total={total} href={(p) => `${basePath}?page=${p}`} />
    </div>
  );
}
