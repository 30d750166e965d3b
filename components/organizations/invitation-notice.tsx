"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

/** Tells the signed-in user, on every page but the invitations page itself, that invitations await them. */
export function InvitationNotice({ organizations }: { organizations: string[] }) {
  const pathname = usePathname();
  if (organizations.length === 0 || pathname === "/invitations") return null;
  const names =
    organizations.length === 1
      ? organizations[0]
      : `${organizations.slice(0, -1).join(", ")} and ${organizations[organizations.length - 1]}`;
  return (
    <aside
      aria-label="Invitations"
      className="mb-6 flex flex-wrap items-center justify-between gap-2 rounded border border-sky-300 bg-sky-50 px-4 py-3 text-sm text-sky-950"
    >
      <p>You have been invited to join {names}.</p>
      <Link href="/invitations" className="font-medium underline underline-offset-2">
        Review {organizations.length === 1 ? "the invitation" : "the invitations"}
      </Link>
    </aside>
  );
}
