import { auditActionLabel } from "@/lib/audit/labels";
import type { AuditRow } from "@/lib/audit/views";
import { LocalTime } from "@/components/local-time";
import { DataTable } from "@/components/ui/data-table";
import { Pager } from "@/components/ui/pager";
import { AUDIT_PER_PAGE } from "@/lib/audit/labels";

type Props = {
  /** The page's own path, for the links to other pages of the trail. */
  basePath: string;
  page: number;
  total: number;
  events: AuditRow[];
  keys: { id: string; name: string }[];
  actions: string[];
  filters: { keyId?: string; action?: string };
};

/** The audit trail with a key and action filter (a plain GET form, so it works without JavaScript). */
export function AuditLog({ basePath, page, total, events, keys, actions, filters }: Props) {
  const href = (n: number) => {
    const params = new URLSearchParams();
    if (filters.keyId) params.set("key", filters.keyId);
    if (filters.action) params.set("action", filters.action);
    params.set("page", String(n));
    return `${basePath}?${params}`;
  };
  return (
    <div className="space-y-4">
      <form
        method="get"
        className="flex flex-wrap items-end gap-3 rounded-lg border border-gray-200 bg-white p-4 shadow-sm"
      >
        <label className="text-sm">
          <span className="mb-1 block font-medium text-gray-800">Key</span>
          <select name="key" defaultValue={filters.keyId ?? ""} className="rounded border border-gray-300 px-2 py-1.5">
            <option value="">All keys</option>
            {keys.map((k) => (
              <option key={k.id} value={k.id}>
                {k.name}
              </option>
            ))}
          </select>
        </label>
        <label className="text-sm">
          <span className="mb-1 block font-medium text-gray-800">Action</span>
          <select
            name="action"
            defaultValue={filters.action ?? ""}
            className="rounded border border-gray-300 px-2 py-1.5"
          >
            <option value="">All actions</option>
            {actions.map((a) => (
              <option key={a} value={a}>
                {auditActionLabel(a)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="bg-brand hover:bg-brand-dark rounded px-4 py-2 text-sm font-medium text-white">
          Filter
        </button>
      </form>
      {events.length === 0 ? (
        <p className="text-gray-600">No events.</p>
      ) : (
        <DataTable columns={["Time", "Action", "By", "Key", "Package", "Result"]} caption="Audit events, newest first">
          {events.map((e) => (
            <tr key={e.id} className="border-t border-gray-100 align-top">
              <td className="px-3 py-2 whitespace-nowrap">
                <LocalTime value={e.createdAt} />
              </td>
              <td className="px-3 py-2">{auditActionLabel(e.action)}</td>
              <td className="px-3 py-2">{e.actor}</td>
              <td className="px-3 py-2">{e.keyName ?? "—"}</td>
              <td className="px-3 py-2 font-mono text-xs">
                {[e.packageId, e.version].filter(Boolean).join(" ") || "—"}
              </td>
              <td className="px-3 py-2">{e.result ?? "—"}</td>
            </tr>
          ))}
        </DataTable>
      )}
      {events.length > 0 && (
        <Pager label="Pages of the audit log" page={page} perPage={AUDIT_PER_PAGE} total={total} href={href} />
      )}
    </div>
  );
}
