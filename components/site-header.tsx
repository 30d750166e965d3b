import type { SessionUser } from "@/lib/auth/views";
import { config } from "@/lib/config";
import { Logo } from "./logo";
import { PhoneMenu } from "./phone-menu";
import { UserMenu } from "./user-menu";
import { NavLink } from "./nav-link";

export const NAV = [
  { href: "/packages", label: "Packages" },
  { href: "/account/apikeys", label: "API Keys" },
  { href: "/organizations", label: "Organizations" },
  { href: "/account/audit", label: "Audit log" },
];

type Props = { user: SessionUser; signOut: () => Promise<void> };

/** The site's header: links inline on wide screens, one menu button on phones. */
export function SiteHeader({ user, signOut }: Props) {
  const nav = config.demoMode ? [...NAV, { href: "/demo/outbox", label: "Outbox (demo)" }] : NAV;
  return (
    <header className="bg-brand relative text-white">
      <div className="mx-auto flex max-w-5xl items-center gap-6 px-4 py-3">
        <Logo />
        <nav aria-label="Main" className="hidden gap-1 text-sm md:flex">
          {nav.map((item) => (
            <NavLink key={item.href} href={item.href}>
              {item.label}
            </NavLink>
          ))}
        </nav>
        <div className="ml-auto hidden md:block">
          <UserMenu name={user.name} username={user.username} email={user.email} signOut={signOut} />
        </div>
        <div className="ml-auto md:hidden">
          <PhoneMenu nav={nav} user={user} signOut={signOut} />
        </div>
      </div>
    </header>
  );
}
