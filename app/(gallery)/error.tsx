"use client";

import Link from "next/link";
import { Button } from "@/components/ui/button";

/** Shown instead of a crash when a page cannot load, e.g. while the database is unreachable. */
export default function GalleryError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div role="alert" className="space-y-4 rounded-lg border border-red-300 bg-red-50 p-6 text-red-900">
      <h1 className="text-2xl font-semibold">This page could not load</h1>
      <p>
        The gallery may be unable to reach its database right now. Your keys and packages are safe; try again in a
        moment.
      </p>
      <div className="flex flex-wrap items-center gap-4">
        <Button onClick={reset}>Try again</Button>
        <Link href="/account/apikeys" className="text-brand underline underline-offset-2">
          Go to your API keys
        </Link>
      </div>
    </div>
  );
}
