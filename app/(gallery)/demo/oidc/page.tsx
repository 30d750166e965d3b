import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { PageTitle } from "@/components/page-title";
import { DemoIssuer } from "@/components/trusted-publishing/demo-issuer";
import { requireUser } from "@/lib/auth/session";
import { env } from "@/lib/env";
import { pageRequest } from "@/lib/page-params";
import { requestOrigin } from "@/lib/security/origin";
import { demoIssuerOf } from "@/lib/trusted-publishing/demo-issuer";
import { galleryAudience } from "@/lib/trusted-publishing/trusted-issuers";
import { mintDemoTokenAction } from "./actions";

export const metadata: Metadata = { title: "Token issuer (demo)" };

/** Demo mode only: mints GitHub Actions-shaped OIDC tokens, to try Trusted Publishing without a workflow. */
export default async function DemoIssuerPage() {
  const user = await requireUser();
  const settings = env();
  if (!settings.DEMO_MODE) notFound();
  const origin = requestOrigin(await pageRequest(), settings);
  return (
    <div className="space-y-6">
      <PageTitle
        intro={
          <>
            Mint the OIDC token a GitHub Actions job would get, for a repository you type, then trade it for a push key
            from a terminal as{" "}
            <Link href="/account/trustedpublishing" className="text-brand underline underline-offset-2">
              Trusted Publishing
            </Link>{" "}
            does. You need a policy there that names the same repository and workflow file.
          </>
        }
      >
        Demo token issuer
      </PageTitle>
      <aside
        aria-label="Demo only"
        className="rounded-lg border-2 border-amber-400 bg-amber-50 px-4 py-3 text-sm text-amber-950"
      >
        <p className="font-semibold">Demo only: this is not GitHub.</p>
        <p className="mt-1 wrap-anywhere">
          This issuer, <code>{demoIssuerOf(origin)}</code>, stands in for GitHub Actions. Its tokens are accepted only
          by this demo gallery, and it exists only in demo mode: without <code>DEMO_MODE=1</code> this page and the
          issuer answer 404 and its tokens are refused.
        </p>
      </aside>
      <DemoIssuer
        origin={origin}
        audience={galleryAudience(settings, origin)}
        username={user.username}
        mint={mintDemoTokenAction}
      />
    </div>
  );
}
