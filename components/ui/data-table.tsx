import type { ReactNode } from "react";

type Props = {
  /** Header labels; an empty label leaves an action column unnamed. */
  columns: string[];
  caption?: string;
  /** Makes the scroll box a named, focusable region so keyboard users can scroll it. */
  scrollLabel?: string;
  padding?: string;
  children: ReactNode;
};

/** The gallery's data tables: a scrollable box, a header row and the rows given. */
export function DataTable({ columns, caption, scrollLabel, padding = "px-3", children }: Props) {
  return (
    <div
      className="overflow-x-auto rounded-lg border border-gray-200 bg-white shadow-sm"
      {...(scrollLabel ? { tabIndex: 0, role: "region", "aria-label": scrollLabel } : {})}
    >
      <table className="w-full text-left text-sm">
        {caption && <caption className="sr-only">{caption}</caption>}
        <thead className="bg-gray-50 text-gray-700">
          <tr>
            {columns.map((label, i) => (
              <th key={i} scope="col" className={`${padding} py-2 font-medium`}>
                {label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
