"use client";

import { useDisclosure } from "./use-disclosure";
import type { SessionUser } from "@/lib/auth/views";
import { NavLink } from "./nav-link";

type Props = {
  nav: { href: string; label: string }[];
  user: SessionUser;
  signOut: () => Promise<void>;
};

/** On phones every link and the account sit behind one Menu button; Escape closes it and returns focus. */
export function PhoneMenu({ nav, user, signOut }: Props) {
  const { open, close, panelId, root, toggle } = useDisclosure();
  return (
    <div ref={root}>
      <button {...toggle} className="flex min-h-11 items-center gap-2 rounded px-3 py-2 text-sm hover:bg-white/10">
        <span aria-hidden="true" className="text-lg leading-none">
          {open ? "✕" : "☰"}
        </span>
        Menu
      </button>
      <div
        id={panelId}
        hidden={!open}
        className="bg-brand absolute inset-x-0 top-14 z-50 border-t border-white/20 shadow-lg"
      >
        <nav aria-label="Main" className="mx-auto max-w-5xl px-4 py-2 text-base">
          {nav.map((item) => (
            <NavLink key={item.href} href={item.href} onClick={close}>
              {item.label}
            </NavLink>
          ))}
        </nav>
        <div className="mx-auto max-w-5xl border-t border-white/20 px-4 py-3 text-sm">
          <p className="px-3 font-medium">{user.name}</p>
          <p className="px-3 text-white/80">{user.email}</p>
          <NavLink href="/account/trustedpublishing" onClick={close}>
            Trusted Publishing
          </NavLink>
          <NavLink href="/account/packages" onClick={close}>
            Manage packages
          </NavLink>
          <NavLink href="/account/settings" onClick={close}>
            Account settings
          </NavLink>
          <form action={signOut}>
            <button type="submit" className="mt-2 block min-h-11 w-full rounded px-3 py-2 text-left hover:bg-white/10">
              Sign out
            </button>
          </form>
        </div>
      </div>
    </div>
  );
}
