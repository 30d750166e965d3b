"use client";

import * as RadixDialog from "@radix-ui/react-dialog";
import type { ReactNode, RefObject } from "react";

type Props = {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  description?: ReactNode;
  children: ReactNode;
  /** Called instead of closing on Escape or outside click, e.g. to ask for confirmation. */
  onAttemptClose?: () => void;
  /** Where focus goes back to on close: the control that opened the dialog, or the page if it is gone. */
  returnFocusTo?: RefObject<HTMLElement | null>;
};

function restoreFocus(event: Event, target: RefObject<HTMLElement | null> | undefined) {
  if (!target) return;
  event.preventDefault();
  const element = target.current;
  if (element?.isConnected) element.focus();
  else document.getElementById("main")?.focus();
}

/** A modal dialog: focus trapped inside, Escape closes, labelled by its title and description. */
export function Dialog({ open, onOpenChange, title, description, children, onAttemptClose, returnFocusTo }: Props) {
  const intercept = (event: Event) => {
    if (onAttemptClose) {
      event.preventDefault();
      onAttemptClose();
    }
  };
  return (
    <RadixDialog.Root open={open} onOpenChange={onOpenChange}>
      <RadixDialog.Portal>
        <RadixDialog.Overlay className="fixed inset-0 z-40 bg-gray-900/50" />
        <RadixDialog.Content
          onEscapeKeyDown={intercept}
          onCloseAutoFocus={(event) => restoreFocus(event, returnFocusTo)}
          onPointerDownOutside={intercept}
          className="fixed top-1/2 left-1/2 z-50 max-h-[90dvh] w-[min(36rem,calc(100vw-1.5rem))] -translate-x-1/2 -translate-y-1/2 overflow-y-auto rounded-lg bg-white p-4 shadow-xl sm:p-6"
          {...(description ? {} : { "aria-describedby": undefined })}
        >
          <RadixDialog.Title className="text-lg font-semibold text-gray-900">{title}</RadixDialog.Title>
          {description && (
            <RadixDialog.Description className="mt-2 text-sm text-gray-700">{description}</RadixDialog.Description>
          )}
          <div className="mt-4">{children}</div>
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}
