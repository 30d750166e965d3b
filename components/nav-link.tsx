"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import type { ReactNode } from "react";

/** A header link that says which page is open (aria-current). */
export function NavLink({ href, children, onClick }: { href: string; children: ReactNode; onClick?: () => void }) {
  const pathname = usePathname();
  const current = pathname === href || pathname.startsWith(`${href}/`);
  return (
    <Link
      href={href}
      onClick={onClick}
      aria-current={current ? "page" : undefined}
      className="block rounded px-3 py-2 hover:bg-white/10 aria-[current=page]:bg-white/15 aria-[current=page]:font-semibold"
    >
      {children}
    </Link>
  );
}
