import Link from "next/link";
import type { SessionUser } from "@/lib/auth/views";
import { Logo } from "./logo";
import { UserMenu } from "./user-menu";

import { config } from "@/lib/config";

const NAV = [
  { href: "/packages", label: "Packages" },
  { href: "/account/apikeys", label: "API Keys" },
  { href: "/organizations", label: "Organizations" },
  { href: "/account/audit", label: "Audit log" },
  ...(config.demoMode ? [{ href: "/demo/outbox", label: "Outbox (demo)" }] : []),
];

export function SiteHeader({ user, signOut }: { user: SessionUser; signOut: () => Promise<void> }) {
  return (
    <header className="bg-brand text-white">
      <div className="mx-auto flex max-w-5xl items-center gap-6 px-4 py-3">
        <Logo />
        <nav aria-label="Main" className="flex gap-4 text-sm">
          {NAV.map((item) => (
            <Link key={item.href} href={item.href} className="rounded px-2 py-1 hover:bg-white/10">
              {item.label}
            </Link>
          ))}
        </nav>
        <div className="ml-auto">
          <UserMenu name={user.name} username={user.username} email={user.email} signOut={signOut} />
        </div>
      </div>
    </header>
  );
}
