"use client";

import { useState } from "react";

/** Copies a command to the clipboard and says so to screen readers; its name always holds the visible word. */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setState("copied");
    } catch {
      setState("failed");
    }
  };
  return (
    <>
      <button
        type="button"
        onClick={copy}
        aria-label={state === "copied" ? label.replace(/^Copy\b/, "Copied") : label}
        className="shrink-0 rounded border border-gray-300 bg-white px-3 py-1.5 text-sm font-medium text-gray-800 hover:bg-gray-50"
      >
        {state === "copied" ? "Copied" : "Copy"}
      </button>
      <span role="status" className="sr-only">
        {state === "copied"
          ? "Copied to the clipboard."
          : state === "failed"
            ? "The browser did not allow copying."
            : ""}
      </span>
    </>
  );
}
