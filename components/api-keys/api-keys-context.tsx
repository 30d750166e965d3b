"use client";

import { createContext, useContext, useState, type ReactNode } from "react";
import type { OwnerOption } from "@/lib/db/owners";
import { CopyOnce, type IssuedSecret } from "./copy-once";

type ApiKeysContextValue = { owners: OwnerOption[]; showSecret: (issued: IssuedSecret) => void };

const ApiKeysContext = createContext<ApiKeysContextValue | null>(null);

/** Page-wide state: the owners (sent once, not per card) and the one copy-once dialog. */
export function ApiKeysProvider({ owners, children }: { owners: OwnerOption[]; children: ReactNode }) {
  const [issued, setIssued] = useState<IssuedSecret | null>(null);
  return (
    <ApiKeysContext.Provider value={{ owners, showSecret: setIssued }}>
      {children}
      <CopyOnce issued={issued} onClose={() => setIssued(null)} />
    </ApiKeysContext.Provider>
  );
}

export function useApiKeys(): ApiKeysContextValue {
  const value = useContext(ApiKeysContext);
  if (!value) throw new Error("useApiKeys must be used inside ApiKeysProvider");
  return value;
}
