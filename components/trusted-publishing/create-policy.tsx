"use client";

import type { OwnerOption } from "@/lib/api-keys/views";
import type { PolicyActions } from "@/lib/trusted-publishing/views";
import { PolicyForm } from "./policy-form";

type Props = { owners: OwnerOption[]; createPolicy: PolicyActions["createPolicy"] };

export function CreatePolicy({ owners, createPolicy }: Props) {
  return (
    <section
      aria-labelledby="create-policy-heading"
      className="rounded-lg border border-gray-200 bg-white p-5 shadow-sm"
    >
      <h2 id="create-policy-heading" className="mb-3 text-xl font-semibold">
        Create a policy
      </h2>
      <PolicyForm owners={owners} idPrefix="create" submitLabel="Create policy" onSubmit={createPolicy} />
    </section>
  );
}
