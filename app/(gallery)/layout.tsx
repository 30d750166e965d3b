import { SiteHeader } from "@/components/site-header";
import { requireUser } from "@/lib/auth/session";
import { signOutAction } from "./actions";

export default async function GalleryLayout({ children }: { children: React.ReactNode }) {
  const user = await requireUser();
  return (
    <>
      <SiteHeader user={user} signOut={signOutAction} />
      <main className="mx-auto max-w-5xl px-4 py-8">{children}</main>
    </>
  );
}
