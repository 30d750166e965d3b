import Link from "next/link";

type Props = { label: string; page: number; perPage: number; total: number; href: (page: number) => string };

/** "Items 26–50 of 120" with links to the pages either side; nothing when everything fits on one page. */
export function Pager({ label, page, perPage, total, href }: Props) {
  const pages = Math.max(1, Math.ceil(total / perPage));
  if (pages <= 1) return null;
  return (
    <nav aria-label={label} className="flex items-center justify-between text-sm">
      <span>
        {(page - 1) * perPage + 1}–{Math.min(page * perPage, total)} of {total}
      </span>
      <span className="flex gap-4">
        {page > 1 && (
          <Link href={href(page - 1)} className="text-brand underline underline-offset-2">
            Previous page
          </Link>
        )}
        {page < pages && (
          <Link href={href(page + 1)} className="text-brand underline underline-offset-2">
            Next page
          </Link>
        )}
      </span>
    </nav>
  );
}

/** The page number in a URL parameter, within 1 and the last page. */
export function pageNumber(value: string | undefined, perPage: number, total = Number.MAX_SAFE_INTEGER): number {
  const last = Math.max(1, Math.ceil(total / perPage));
  return Math.min(last, Math.max(1, Number.parseInt(value ?? "1", 10) || 1));
}
