"use client";

import { useEffect, useId, useRef, useState } from "react";
import type { SessionUser } from "@/lib/auth/views";
import { NavLink } from "./nav-link";

type Props = {
  nav: { href: string; label: string }[];
  user: SessionUser;
  signOut: () => Promise<void>;
};

/** On phones every link and the account sit behind one Menu button; Escape closes it and returns focus. */
export function PhoneMenu({ nav, user, signOut }: Props) {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Escape") return;
      setOpen(false);
      button.current?.focus();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [open]);
  const close = () => setOpen(false);
  return (
    <>
      <button
        ref={button}
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((o) => !o)}
        className="flex min-h-11 items-center gap-2 rounded px-3 py-2 text-sm hover:bg-white/10"
      >
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
          <form action={signOut}>
            <button type="submit" className="mt-2 block min-h-11 w-full rounded px-3 py-2 text-left hover:bg-white/10">
              Sign out
            </button>
          </form>
        </div>
      </div>
    </>
  );
}
