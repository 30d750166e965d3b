import type { Metadata } from "next";
import Link from "next/link";
import { PageTitle } from "@/components/page-title";
import { CreatePolicy } from "@/components/trusted-publishing/create-policy";
import { PolicyList } from "@/components/trusted-publishing/policy-list";
import { requireUser } from "@/lib/auth/session";
import { config } from "@/lib/config";
import { db } from "@/lib/db/client";
import { listOwnerOptions } from "@/lib/db/owners";
import { listPolicies } from "@/lib/trusted-publishing/policies";
import type { PolicyActions } from "@/lib/trusted-publishing/views";
import { createPolicyAction, deletePolicyAction, editPolicyAction, reactivatePolicyAction } from "./actions";

export const metadata: Metadata = { title: "Trusted Publishing" };

const ACTIONS: PolicyActions = {
  createPolicy: createPolicyAction,
  editPolicy: editPolicyAction,
  reactivatePolicy: reactivatePolicyAction,
  deletePolicy: deletePolicyAction,
};

export default async function TrustedPublishingPage() {
  const user = await requireUser();
  const [policies, owners] = await Promise.all([listPolicies(db, user.id), listOwnerOptions(db, user.id)]);
  return (
    <div className="space-y-6">
      <PageTitle intro="GitHub Actions workflows that fit a policy trade their OIDC token for a push key valid one hour, with no long-lived secret to store (NuGet/login).">
        Trusted Publishing
      </PageTitle>
      {config.demoMode && (
        <p className="rounded border border-amber-400 bg-amber-50 px-3 py-2 text-sm text-amber-950">
          Demo mode: no GitHub workflow at hand? The{" "}
          <Link href="/demo/oidc" className="text-brand font-medium underline underline-offset-2">
            demo token issuer
          </Link>{" "}
          mints a workflow&apos;s token for a repository you type, to try a policy from a terminal.
        </p>
      )}
      <CreatePolicy owners={owners} createPolicy={ACTIONS.createPolicy} />
      <section aria-labelledby="policies-heading" className="space-y-3">
        <h2 id="policies-heading" className="text-xl font-semibold">
          Policies
        </h2>
        <PolicyList policies={policies} owners={owners} actions={ACTIONS} />
      </section>
    </div>
  );
}
