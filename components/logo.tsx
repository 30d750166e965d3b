import Link from "next/link";

export function Logo() {
  return (
    <Link href="/" className="flex items-center gap-2 text-lg font-semibold text-white">
      <svg aria-hidden="true" viewBox="0 0 32 32" className="size-7">
        <rect width="32" height="32" rx="6" fill="#5ba2dd" />
        <circle cx="10" cy="11" r="3.5" fill="#fff" />
        <rect x="14" y="14" width="12" height="12" rx="3" fill="#fff" />
      </svg>
      Package Gallery
    </Link>
  );
}
