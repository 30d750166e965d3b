import { PublicHeader } from "@/components/public-header";
import { SiteHeader } from "@/components/site-header";
import { SkipLink } from "@/components/skip-link";
import { currentUser } from "@/lib/auth/session";
import { signOutAction } from "../(gallery)/actions";

/** Pages anyone may read: the signed-in header when there is a session, a sign-in link otherwise. */
export default async function PublicLayout({ children }: { children: React.ReactNode }) {
  const user = await currentUser();
  return (
    <>
      <SkipLink />
      {user ? <SiteHeader user={user} signOut={signOutAction} /> : <PublicHeader />}
      <main id="main" tabIndex={-1} className="mx-auto max-w-5xl px-4 py-8 outline-none">
        {children}
      </main>
    </>
  );
}
