import { SiteHeader } from "@/components/site-header";
import { SkipLink } from "@/components/skip-link";
import { requireUser } from "@/lib/auth/session";
import { signOutAction } from "./actions";

export default async function GalleryLayout({ children }: { children: React.ReactNode }) {
  const user = await requireUser();
  return (
    <>
      <SkipLink />
      <SiteHeader user={user} signOut={signOutAction} />
      <main id="main" tabIndex={-1} className="mx-auto max-w-5xl px-4 py-8 outline-none">
        {children}
      </main>
    </>
  );
}
