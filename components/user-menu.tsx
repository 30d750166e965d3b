"use client";

import * as DropdownMenu from "@radix-ui/react-dropdown-menu";
import Link from "next/link";
import { signOutAction } from "@/app/(gallery)/actions";

type Props = { name: string; username: string; email: string };

export function UserMenu({ name, username, email }: Props) {
  return (
    <DropdownMenu.Root>
      <DropdownMenu.Trigger className="flex items-center gap-2 rounded px-2 py-1 text-sm hover:bg-white/10">
        <span aria-hidden="true" className="grid size-7 place-items-center rounded-full bg-accent font-semibold uppercase">
          {username.charAt(0)}
        </span>
        <span>{username}</span>
        <span aria-hidden="true">▾</span>
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content
          align="end"
          sideOffset={6}
          className="z-50 min-w-56 rounded-md border border-gray-200 bg-white p-1 text-sm text-gray-900 shadow-lg"
        >
          <div className="px-3 py-2">
            <p className="font-medium">{name}</p>
            <p className="text-xs text-gray-600">{email}</p>
          </div>
          <DropdownMenu.Separator className="my-1 h-px bg-gray-200" />
          <DropdownMenu.Item asChild className="block rounded px-3 py-2 outline-none data-[highlighted]:bg-brand-light">
            <Link href="/account/apikeys">API Keys</Link>
          </DropdownMenu.Item>
          <DropdownMenu.Item asChild className="block rounded px-3 py-2 outline-none data-[highlighted]:bg-brand-light">
            <Link href="/packages">Manage packages</Link>
          </DropdownMenu.Item>
          <DropdownMenu.Separator className="my-1 h-px bg-gray-200" />
          <DropdownMenu.Item
            onSelect={() => void signOutAction()}
            className="cursor-pointer rounded px-3 py-2 outline-none data-[highlighted]:bg-brand-light"
          >
            Sign out
          </DropdownMenu.Item>
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
