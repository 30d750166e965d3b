"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";

export type IssuedSecret = { keyName: string; secret: string; regenerated: boolean };

type Props = { issued: IssuedSecret | null; onClose: () => void };

/** Shows a new secret once: masked until revealed, copyable, and gone for good when closed. */
export function CopyOnce({ issued, onClose }: Props) {
  const [revealed, setRevealed] = useState(false);
  const [copied, setCopied] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [copyError, setCopyError] = useState<string | null>(null);

  const close = () => {
    setRevealed(false);
    setCopied(false);
    setConfirming(false);
    setCopyError(null);
    onClose();
  };
  const attemptClose = () => (copied ? close() : setConfirming(true));
  const copy = async () => {
    if (!issued) return;
    try {
      await navigator.clipboard.writeText(issued.secret);
      setCopied(true);
      setCopyError(null);
    } catch {
      setCopyError("The browser did not allow copying. Reveal the key and copy it by hand.");
    }
  };

  return (
    <Dialog
      open={issued !== null}
      onOpenChange={(open) => !open && attemptClose()}
      onAttemptClose={attemptClose}
      title={issued?.regenerated ? "Your regenerated API key" : "Your new API key"}
      description={
        <>
          Copy the key for <strong>{issued?.keyName}</strong> now. For your security it is not stored and{" "}
          <strong>cannot be copied again</strong> after you close this.
        </>
      }
    >
      {issued && !confirming && (
        <div className="space-y-4">
          <div className="flex items-center gap-2">
            <code
              aria-label={revealed ? "API key" : "API key, hidden"}
              className="flex-1 rounded border border-gray-300 bg-gray-50 px-3 py-2 font-mono text-sm break-all"
              data-testid="new-api-key"
            >
              {revealed ? issued.secret : `${issued.secret.slice(0, 4)}${"•".repeat(24)}`}
            </code>
            <Button variant="secondary" aria-pressed={revealed} onClick={() => setRevealed((r) => !r)}>
              {revealed ? "Hide" : "Reveal"}
            </Button>
          </div>
          <div className="flex items-center justify-between gap-2">
            <p role="status" className="text-sm text-green-800">
              {copied ? "Copied to the clipboard." : ""}
            </p>
            <div className="flex gap-2">
              <Button onClick={copy}>Copy</Button>
              <Button variant="secondary" onClick={attemptClose}>
                Done
              </Button>
            </div>
          </div>
          {copyError && (
            <p role="alert" className="text-sm text-red-700">
              {copyError}
            </p>
          )}
        </div>
      )}
      {issued && confirming && (
        <div className="space-y-4">
          <p role="alert" className="rounded border border-amber-400 bg-amber-50 px-3 py-2 text-sm text-amber-900">
            You have not copied this key. Once you close this, nobody can show it again; you would have to regenerate
            it.
          </p>
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={() => setConfirming(false)} autoFocus>
              Go back
            </Button>
            <Button variant="danger" onClick={close}>
              Close without copying
            </Button>
          </div>
        </div>
      )}
    </Dialog>
  );
}
