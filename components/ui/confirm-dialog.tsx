"use client";

import { useState, useTransition, type ReactNode } from "react";
import { Button } from "./button";
import { Dialog } from "./dialog";

type Props = {
  trigger: (open: () => void) => ReactNode;
  title: string;
  description: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  onConfirm: () => Promise<string | null>;
};

/** Asks before an action; shows the action's error in place, closes on success. */
export function ConfirmDialog({ trigger, title, description, confirmLabel, danger, onConfirm }: Props) {
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const confirm = () =>
    startTransition(async () => {
      const failure = await onConfirm();
      setError(failure);
      if (!failure) setOpen(false);
    });
  return (
    <>
      {trigger(() => {
        setError(null);
        setOpen(true);
      })}
      {open && (
        <Dialog open={open} onOpenChange={setOpen} title={title} description={description}>
          {error && (
            <p role="alert" className="mb-3 text-sm text-red-700">
              {error}
            </p>
          )}
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button variant={danger ? "danger" : "primary"} onClick={confirm} disabled={pending}>
              {pending ? "Working…" : confirmLabel}
            </Button>
          </div>
        </Dialog>
      )}
    </>
  );
}
