"use client";

import { useRef, useState, useTransition, type ReactNode } from "react";
import { callAction } from "@/components/forms/call-action";
import type { Result } from "@/lib/result";
import { useAnnounce } from "./announcer";
import { Button, type ButtonProps } from "./button";
import { Dialog } from "./dialog";

type Props = {
  /** The button that opens the dialog; its accessible name may say more than its text. */
  trigger: { label: string; ariaLabel?: string; variant?: ButtonProps["variant"] };
  title: string;
  description: ReactNode;
  confirmLabel: string;
  /** The button that closes the dialog without acting. */
  dismissLabel?: string;
  danger?: boolean;
  onConfirm: () => Promise<Result<unknown>>;
  /** Shown and announced once the action has succeeded. */
  doneMessage?: string;
};

/** Asks before an action; shows the action's error in place, closes on success. */
export function ConfirmDialog({
  trigger,
  title,
  description,
  confirmLabel,
  dismissLabel = "Cancel",
  danger,
  onConfirm,
  doneMessage,
}: Props) {
  const [open, setOpen] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);
  const announce = useAnnounce();
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const confirm = () =>
    startTransition(async () => {
      const result = await callAction(onConfirm);
      setError(result.ok ? null : result.error);
      if (!result.ok) return;
      setOpen(false);
      if (doneMessage) announce(doneMessage);
    });
  return (
    <>
      <Button
        ref={opener}
        variant={trigger.variant ?? "secondary"}
        aria-label={trigger.ariaLabel}
        onClick={() => {
          setError(null);
          setOpen(true);
        }}
      >
        {trigger.label}
      </Button>
      {open && (
        <Dialog open={open} onOpenChange={setOpen} title={title} description={description} returnFocusTo={opener}>
          {error && (
            <p role="alert" className="mb-3 text-sm text-red-700">
              {error}
            </p>
          )}
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={() => setOpen(false)}>
              {dismissLabel}
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
