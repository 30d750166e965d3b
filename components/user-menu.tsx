"use client";

import Link from "next/link";
import { useDisclosure } from "./use-disclosure";

type Props = { name: string; username: string; email: string; signOut: () => Promise<void> };

const ITEM = "block w-full rounded px-3 py-2 text-left hover:bg-brand-light focus-visible:bg-brand-light";

/** The account menu as a disclosure: a button that shows a list of links; Escape or a click outside closes it. */
export function UserMenu({ name, username, email, signOut }: Props) {
  const { open, close, panelId, root, toggle } = useDisclosure();
  return (
    <div ref={root} className="relative">
      <button {...toggle} className="flex items-center gap-2 rounded px-2 py-1 text-sm hover:bg-white/10">
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
            <Link href="/account/apikeys" className={ITEM} onClick={close}>
              API Keys
            </Link>
          </li>
          <li>
            <Link href="/account/trustedpublishing" className={ITEM} onClick={close}>
              Trusted Publishing
            </Link>
          </li>
          <li>
            <Link href="/account/packages" className={ITEM} onClick={close}>
              Manage packages
            </Link>
          </li>
          <li>
            <Link href="/account/settings" className={ITEM} onClick={close}>
              Account settings
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
