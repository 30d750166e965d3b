"use client";

import Link from "next/link";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import type { OwnerOption } from "@/lib/api-keys/views";
import type { PolicyActions, PolicyView } from "@/lib/trusted-publishing/views";
import { PolicyForm } from "./policy-form";
import { PolicyStateBadge } from "./policy-state";

type Props = { policies: PolicyView[]; owners: OwnerOption[]; actions: PolicyActions };

const when = (date: Date) => date.toISOString().replace("T", " ").slice(0, 16) + " UTC";

function PolicyItem({
  policy,
  owners,
  actions,
}: {
  policy: PolicyView;
  owners: OwnerOption[];
  actions: PolicyActions;
}) {
  const [editing, setEditing] = useState(false);
  const headingId = `policy-${policy.id}`;
  return (
    <li aria-labelledby={headingId} className="rounded-lg border border-gray-200 bg-white p-4 shadow-sm">
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div>
          <h3 id={headingId} className="font-semibold">
            {policy.name}
          </h3>
          <p className="text-sm text-gray-700">
            Pushes for <strong>{policy.owner.username}</strong> from{" "}
            <code>
              {policy.repositoryOwner}/{policy.repository}
            </code>
            , workflow <code>{policy.workflowFile}</code>
            {policy.environment ? (
              <>
                , environment <code>{policy.environment}</code>
              </>
            ) : null}
          </p>
        </div>
        <PolicyStateBadge state={policy.state} />
      </div>
      <p className="mt-2 text-sm text-gray-700">
        {policy.lastUsedAt ? `Last used ${when(policy.lastUsedAt)}` : "Never used"} · {policy.recentKeys.length} key
        {policy.recentKeys.length === 1 ? "" : "s"} issued in the last day ·{" "}
        <Link href={`/account/trustedpublishing/${policy.id}`} className="text-brand underline underline-offset-2">
          Usage<span className="sr-only"> of {policy.name}</span>
        </Link>
      </p>
      {policy.recentKeys.length > 0 && (
        <ul aria-label={`Keys issued by ${policy.name}`} className="mt-1 text-xs text-gray-600">
          {policy.recentKeys.slice(0, 5).map((key) => (
            <li key={key.id}>
              Issued {when(key.createdAt)}
              {key.expiresAt ? `, expires ${when(key.expiresAt)}` : ""}
            </li>
          ))}
        </ul>
      )}
      {editing ? (
        <div className="mt-4 border-t border-gray-200 pt-4">
          <PolicyForm
            owners={owners}
            idPrefix={`edit-${policy.id}`}
            initial={{
              name: policy.name,
              ownerId: policy.ownerId,
              repositoryOwner: policy.repositoryOwner,
              repository: policy.repository,
              workflowFile: policy.workflowFile,
              environment: policy.environment ?? "",
            }}
            submitLabel="Save"
            onSubmit={(values) => actions.editPolicy({ policyId: policy.id, ...values })}
            onDone={() => setEditing(false)}
            onCancel={() => setEditing(false)}
          />
        </div>
      ) : (
        <div className="mt-3 flex flex-wrap gap-2">
          <Button variant="secondary" onClick={() => setEditing(true)} aria-label={`Edit ${policy.name}`}>
            Edit
          </Button>
          {policy.state.kind === "expired-pending" && (
            <ConfirmDialog
              trigger={{ label: "Re-activate", ariaLabel: `Re-activate ${policy.name}`, variant: "secondary" }}
              title={`Re-activate ${policy.name}?`}
              description="The policy accepts a first token for another 7 days."
              confirmLabel="Re-activate"
              onConfirm={() => actions.reactivatePolicy({ policyId: policy.id })}
              doneMessage={`${policy.name} re-activated.`}
            />
          )}
          <ConfirmDialog
            trigger={{ label: "Delete", ariaLabel: `Delete ${policy.name}`, variant: "danger" }}
            title={`Delete ${policy.name}?`}
            description="Workflows using it get no more keys. Keys already issued keep working until they expire."
            confirmLabel="Delete"
            danger
            onConfirm={() => actions.deletePolicy({ policyId: policy.id })}
            doneMessage={`${policy.name} deleted.`}
          />
        </div>
      )}
    </li>
  );
}

/** The user's policies with their state, last use and the keys they issued lately. */
export function PolicyList({ policies, owners, actions }: Props) {
  if (policies.length === 0) return <p className="text-gray-600">No policies yet.</p>;
  return (
    <ul className="space-y-3">
      {policies.map((policy) => (
        <PolicyItem key={policy.id} policy={policy} owners={owners} actions={actions} />
      ))}
    </ul>
  );
}
