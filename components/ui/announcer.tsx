"use client";

import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from "react";

const AnnouncerContext = createContext<(message: string) => void>(() => undefined);

/** A visible, announced confirmation of what just happened, which fades after a few seconds. */
export function Announcer({ children }: { children: ReactNode }) {
  const [message, setMessage] = useState<{ text: string; at: number } | null>(null);
  const announce = useCallback((text: string) => setMessage({ text, at: Date.now() }), []);
  useEffect(() => {
    if (!message) return;
    const timer = setTimeout(() => setMessage(null), 6000);
    return () => clearTimeout(timer);
  }, [message]);
  return (
    <AnnouncerContext.Provider value={announce}>
      {children}
      <div
        aria-live="polite"
        aria-atomic="true"
        className="pointer-events-none fixed inset-x-0 bottom-4 z-50 flex justify-center px-4"
      >
        {message && (
          <p key={message.at} className="rounded-md bg-gray-900 px-4 py-3 text-sm text-white shadow-lg">
            {message.text}
          </p>
        )}
      </div>
    </AnnouncerContext.Provider>
  );
}

export function useAnnounce(): (message: string) => void {
  return useContext(AnnouncerContext);
}
