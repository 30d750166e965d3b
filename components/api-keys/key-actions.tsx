"use client";

import { useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { useApiKeys } from "./api-keys-context";
import { EditKeyDialog } from "./edit-key-dialog";

type Props = {
  keyId: string;
  keyName: string;
  ownerId: string;
  packages: string[];
  glob: string | null;
  legacy: boolean;
  revoked: boolean;
  expired: boolean;
  /** Its creator left the key's package owner: nothing but deleting it can work. */
  refused: boolean;
};

/** Edit, Regenerate, Revoke and Delete as the key allows: legacy keys can only be revoked or deleted. */
export function KeyActions({ keyId, keyName, ownerId, packages, glob, legacy, revoked, expired, refused }: Props) {
  const { actions, showSecret } = useApiKeys();
  const [editing, setEditing] = useState(false);
  const editButton = useRef<HTMLButtonElement>(null);
  const label = (verb: string) => `${verb} ${keyName}`;
  return (
    <>
      {!legacy && !refused && (
        <>
          <Button ref={editButton} variant="secondary" aria-label={label("Edit")} onClick={() => setEditing(true)}>
            Edit
          </Button>
          {editing && (
            <EditKeyDialog
              keyId={keyId}
              keyName={keyName}
              packages={packages}
              glob={glob}
              ownerId={ownerId}
              open={editing}
              onOpenChange={setEditing}
              returnFocusTo={editButton}
            />
          )}
          <ConfirmDialog
            title={`Regenerate ${keyName}?`}
            description="A new secret replaces the current one, which stops working at once. The name, owner, scopes and packages stay; the expiry period starts again from now."
            confirmLabel="Regenerate"
            trigger={{ label: "Regenerate", ariaLabel: label("Regenerate") }}
            onConfirm={async () => {
              const result = await actions.regenerateKey({ keyId });
              if (result.ok) showSecret({ keyName, secret: result.data.secret, regenerated: true });
              return result;
            }}
          />
        </>
      )}
      {!revoked && !expired && !refused && (
        <ConfirmDialog
          title={`Revoke ${keyName}?`}
          description="The key stops working at once and stays listed as revoked."
          confirmLabel="Revoke"
          danger
          trigger={{ label: "Revoke", ariaLabel: label("Revoke") }}
          onConfirm={() => actions.revokeKey({ keyId })}
          doneMessage={`Revoked ${keyName}. It no longer works.`}
        />
      )}
      <ConfirmDialog
        title={`Delete ${keyName}?`}
        description="The key stops working and is removed for good. This cannot be undone."
        confirmLabel="Delete"
        danger
        trigger={{ label: "Delete", ariaLabel: label("Delete"), variant: "danger" }}
        onConfirm={() => actions.deleteKey({ keyId })}
        doneMessage={`Deleted ${keyName}.`}
      />
    </>
  );
}
