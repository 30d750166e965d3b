import Link from "next/link";
import type { ReactNode } from "react";
import {
  KEY_SORT_LABELS,
  KEY_SORTS,
  KEY_STATUS_LABELS,
  KEY_STATUSES,
  keyQueryParams,
  type KeyQuery,
} from "@/lib/api-keys/query";
import type { OwnerOption } from "@/lib/api-keys/views";

const SELECT = "block w-full rounded border border-gray-300 bg-white px-2 py-1.5 text-sm";

function Choice({ label, name, value, children }: { label: string; name: string; value: string; children: ReactNode }) {
  return (
    <label className="text-sm">
      <span className="mb-1 block font-medium text-gray-800">{label}</span>
      <select name={name} defaultValue={value} className={SELECT}>
        {children}
      </select>
    </label>
  );
}

/** Search, filters, sort and view as a plain GET form: they live in the URL and work without JavaScript. */
export function KeyFilters({ query, owners }: { query: KeyQuery; owners: OwnerOption[] }) {
  const view = query.view ?? "cards";
  return (
    <form
      method="get"
      role="search"
      aria-label="Find keys"
      className="grid gap-3 rounded-lg border border-gray-200 bg-white p-4 shadow-sm sm:grid-cols-2 lg:grid-cols-[2fr_1fr_1fr_1fr_auto] lg:items-end"
    >
      <label className="text-sm">
        <span className="mb-1 block font-medium text-gray-800">Search</span>
        <input
          type="search"
          name="q"
          defaultValue={query.q ?? ""}
          placeholder="Key name or package id"
          className={SELECT}
        />
      </label>
      <Choice label="Status" name="status" value={query.status ?? ""}>
        <option value="">Any status</option>
        {KEY_STATUSES.map((status) => (
          <option key={status} value={status}>
            {KEY_STATUS_LABELS[status]}
          </option>
        ))}
      </Choice>
      <Choice label="Owner" name="owner" value={query.owner ?? ""}>
        <option value="">Any owner</option>
        {owners.map((o) => (
          <option key={o.id} value={o.id}>
            {o.username}
          </option>
        ))}
      </Choice>
      <Choice label="Sort" name="sort" value={query.sort ?? "created"}>
        {KEY_SORTS.map((sort) => (
          <option key={sort} value={sort}>
            {KEY_SORT_LABELS[sort]}
          </option>
        ))}
      </Choice>
      {query.view && <input type="hidden" name="view" value={query.view} />}
      <button
        type="submit"
        className="bg-brand hover:bg-brand-dark min-h-9 rounded px-4 py-2 text-sm font-medium text-white"
      >
        Apply
      </button>
      <p className="text-sm sm:col-span-2 lg:col-span-5">
        View:{" "}
        {(["cards", "table"] as const).map((option, i) => (
          <span key={option}>
            {i > 0 && " · "}
            {view === option ? (
              <strong aria-current="true">{option === "cards" ? "Cards" : "Compact table"}</strong>
            ) : (
              <Link
                href={`/account/apikeys${keyQueryParams({ ...query, view: option === "cards" ? undefined : option })}`}
                className="text-brand underline underline-offset-2"
              >
                {option === "cards" ? "Cards" : "Compact table"}
              </Link>
            )}
          </span>
        ))}
      </p>
    </form>
  );
}
