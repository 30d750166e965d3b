import type { Metadata } from "next";
import Link from "next/link";
import { Logo } from "@/components/logo";

export const metadata: Metadata = { title: "Page not found" };

/** Any unknown address, and anything a signed-in person may not see, inside the site's frame. */
export default function NotFound() {
  return (
    <>
      <header className="bg-brand text-white">
        <div className="mx-auto flex max-w-5xl items-center px-4 py-3">
          <Logo />
        </div>
      </header>
      <main id="main" className="mx-auto max-w-5xl space-y-4 px-4 py-12">
        <h1 className="text-3xl font-light text-gray-900">Page not found</h1>
        <p className="text-gray-700">There is nothing at this address, or it is not yours to see.</p>
        <p className="flex flex-wrap gap-x-6 gap-y-2">
          <Link href="/packages" className="text-brand underline underline-offset-2">
            Browse packages
          </Link>
          <Link href="/account/apikeys" className="text-brand underline underline-offset-2">
            Go to your API keys
          </Link>
        </p>
      </main>
    </>
  );
}
