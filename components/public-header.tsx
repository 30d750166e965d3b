"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { Logo } from "./logo";
import { NavLink } from "./nav-link";

/** The header for visitors without a session: the public pages and a way to sign in and come back. */
export function PublicHeader() {
  const pathname = usePathname();
  return (
    <header className="bg-brand relative text-white">
      <div className="mx-auto flex max-w-5xl items-center gap-1 px-4 py-3 whitespace-nowrap sm:gap-6">
        <Logo />
        <nav aria-label="Main" className="flex gap-1 text-sm">
          <NavLink href="/packages">Packages</NavLink>
        </nav>
        <Link
          href={`/login?callbackUrl=${encodeURIComponent(pathname)}`}
          className="ml-auto rounded px-2 py-2 text-sm font-medium hover:bg-white/10 sm:px-3"
        >
          Sign in
        </Link>
      </div>
    </header>
  );
}
