import type { ReactNode } from "react";
import { LeakLink } from "@/components/api-keys/leak-link";
import { LocalTime } from "@/components/local-time";
import { DataTable } from "@/components/ui/data-table";
import type { ApiKeyView } from "@/lib/api-keys/views";
import { keyStatus, statusText } from "@/lib/keys/expiry";
import { SCOPES } from "@/lib/keys/scopes";

/** Many keys at a glance: one row each, with the same actions as the cards. */
export function KeyTable({
  keys,
  now,
  actions,
}: {
  keys: ApiKeyView[];
  now: Date;
  actions: (key: ApiKeyView) => ReactNode;
}) {
  return (
    <DataTable columns={["Name", "Owner", "Scopes", "Status", "Last used", "Actions"]} caption="Your API keys">
      {keys.map((key) => {
        const refused = !key.ownerAccess && !key.revokedAt;
        return (
          <tr key={key.id} className="border-t border-gray-100 align-top">
            <th scope="row" className="px-3 py-2 text-left font-medium">
              {key.name}
              <span className="block font-mono text-xs font-normal text-gray-600">{key.hint}</span>
              {key.twoFactor && (
                <span className="block text-xs font-normal text-green-800">Created with two-factor sign-in</span>
              )}
            </th>
            <td className="px-3 py-2">{key.owner.username}</td>
            <td className="px-3 py-2">{key.scopes.map((s) => SCOPES.find((x) => x.id === s)?.short).join(", ")}</td>
            <td className="px-3 py-2">
              {refused ? "Refused" : statusText(keyStatus(key, now))}
              {key.revokedAt && key.leakUrl && (
                <span className="block text-xs">
                  <LeakLink url={key.leakUrl} />
                </span>
              )}
            </td>
            <td className="px-3 py-2 whitespace-nowrap">
              {key.lastUsedAt ? <LocalTime value={key.lastUsedAt} format="date" /> : "Never"}
            </td>
            <td className="px-3 py-2">
              <div className="flex flex-wrap gap-2">{actions(key)}</div>
            </td>
          </tr>
        );
      })}
    </DataTable>
  );
}
