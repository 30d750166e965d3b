"use client";

import Link from "next/link";
import { useEffect, useId, useRef, useState } from "react";

type Props = { name: string; username: string; email: string; signOut: () => Promise<void> };

const ITEM = "block w-full rounded px-3 py-2 text-left hover:bg-brand-light focus-visible:bg-brand-light";

/** The account menu as a disclosure: a button that shows a list of links; Escape or a click outside closes it. */
export function UserMenu({ name, username, email, signOut }: Props) {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") {
        setOpen(false);
        button.current?.focus();
      }
    };
    const onPointer = (e: PointerEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener("keydown", onKey);
    document.addEventListener("pointerdown", onPointer);
    return () => {
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("pointerdown", onPointer);
    };
  }, [open]);
  return (
    <div ref={root} className="relative">
      <button
        ref={button}
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((o) => !o)}
        className="flex items-center gap-2 rounded px-2 py-1 text-sm hover:bg-white/10"
      >
        <span
          aria-hidden="true"
          className="bg-accent grid size-7 place-items-center rounded-full font-semibold uppercase"
        >
          {username.charAt(0)}
        </span>
        <span>{username}</span>
        <span aria-hidden="true">▾</span>
      </button>
      <div
        id={panelId}
        hidden={!open}
        className="absolute right-0 z-50 mt-1.5 min-w-56 rounded-md border border-gray-200 bg-white p-1 text-sm text-gray-900 shadow-lg"
      >
        <div className="px-3 py-2">
          <p className="font-medium">{name}</p>
          <p className="text-xs text-gray-600">{email}</p>
        </div>
        <hr className="my-1 border-gray-200" />
        <ul>
          <li>
            <Link href="/account/apikeys" className={ITEM} onClick={() => setOpen(false)}>
              API Keys
            </Link>
          </li>
          <li>
            <Link href="/packages" className={ITEM} onClick={() => setOpen(false)}>
              Manage packages
            </Link>
          </li>
        </ul>
        <hr className="my-1 border-gray-200" />
        <form action={signOut}>
          <button type="submit" className={ITEM}>
            Sign out
          </button>
        </form>
      </div>
    </div>
  );
}
