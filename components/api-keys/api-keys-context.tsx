"use client";

import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { guarded } from "@/components/forms/call-action";
import { Announcer } from "@/components/ui/announcer";
import type { ApiKeyActions, OwnerOption } from "@/lib/api-keys/views";
import { CopyOnce, type IssuedSecret } from "./copy-once";

type ApiKeysContextValue = {
  owners: OwnerOption[];
  actions: ApiKeyActions;
  showSecret: (issued: IssuedSecret) => void;
  loadPackages: (ownerId: string) => Promise<string[]>;
};

const ApiKeysContext = createContext<ApiKeysContextValue | null>(null);

type Props = { owners: OwnerOption[]; actions: ApiKeyActions; children: ReactNode };

/** Page-wide state: the owners and actions (sent once, not per card) and the one copy-once dialog. */
export function ApiKeysProvider({ owners, actions: unguarded, children }: Props) {
  const actions = useMemo(() => guarded(unguarded), [unguarded]);
  const [issued, setIssued] = useState<IssuedSecret | null>(null);
  const loaded = useRef(new Map<string, Promise<string[]>>());
  const loadPackages = useCallback(
    (ownerId: string) => {
      let pending = loaded.current.get(ownerId);
      if (!pending) {
        pending = actions.listOwnerPackages({ ownerId }).then((r) => (r.ok ? r.data : []));
        loaded.current.set(ownerId, pending);
      }
      return pending;
    },
    [actions],
  );
  return (
    <ApiKeysContext.Provider value={{ owners, actions, showSecret: setIssued, loadPackages }}>
      <Announcer>
        {children}
        <CopyOnce issued={issued} onClose={() => setIssued(null)} />
      </Announcer>
    </ApiKeysContext.Provider>
  );
}

export function useApiKeys(): ApiKeysContextValue {
  const value = useContext(ApiKeysContext);
  if (!value) throw new Error("useApiKeys must be used inside ApiKeysProvider");
  return value;
}

/** The owner's package ids, loaded once per page when first needed; null while loading. */
export function useOwnerPackages(ownerId: string | undefined): string[] | null {
  const { loadPackages } = useApiKeys();
  const [state, setState] = useState<{ ownerId: string; packages: string[] } | null>(null);
  useEffect(() => {
    if (!ownerId) return;
    let live = true;
    void loadPackages(ownerId).then((packages) => live && setState({ ownerId, packages }));
    return () => {
      live = false;
    };
  }, [ownerId, loadPackages]);
  if (!ownerId) return [];
  return state?.ownerId === ownerId ? state.packages : null;
}
