"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { callAction } from "@/components/forms/call-action";
import { LocalTime } from "@/components/local-time";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import type { AccountSettingsActions, SessionView } from "@/lib/accounts/views";

type Props = {
  sessions: SessionView[];
  actions: Pick<AccountSettingsActions, "endSession" | "signOutEverywhere">;
};

/** The browsers signed in to the account, as cards: each can be signed out, or all at once. */
export function SessionList({ sessions, actions }: Props) {
  const router = useRouter();
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const others = sessions.filter((s) => !s.current).length;
  return (
    <div className="space-y-4">
      {sessions.length === 0 ? (
        <p className="text-sm text-gray-600">No browser is signed in to your account.</p>
      ) : (
        <ul className="divide-y divide-gray-200 rounded-lg border border-gray-200">
          {sessions.map((s) => (
            <li
              key={s.id}
              aria-label={s.current ? `${s.device}, this browser` : s.device}
              data-session={s.current ? "current" : "other"}
              className="flex flex-col gap-3 px-4 py-3 sm:flex-row sm:items-center sm:justify-between"
            >
              <SessionFacts session={s} />
              {!s.current && (
                <SignOutSession
                  session={s}
                  endSession={actions.endSession}
                  onDone={(text) => {
                    setError(null);
                    setDone(text);
                  }}
                  onError={(text) => {
                    setDone(null);
                    setError(text);
                  }}
                />
              )}
            </li>
          ))}
        </ul>
      )}
      <p role="status" className="text-sm text-green-800 empty:hidden">
        {done}
      </p>
      {error && (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      )}
      <div className="flex flex-wrap items-center gap-3">
        <ConfirmDialog
          title="Sign out everywhere?"
          description={`Every browser signed in to your account${others > 0 ? `, ${others + 1} in all,` : ""} is signed out, this one included. You will need to sign in again here.`}
          confirmLabel="Sign out everywhere"
          danger
          trigger={{ label: "Sign out everywhere" }}
          onConfirm={async () => {
            const result = await actions.signOutEverywhere({});
            if (result.ok) router.replace("/login?signedout=everywhere");
            return result;
          }}
        />
        <p className="text-sm text-gray-600">Use it if you lost a device or signed in somewhere you should not have.</p>
      </div>
    </div>
  );
}

function SessionFacts({ session: s }: { session: SessionView }) {
  return (
    <div className="min-w-0 space-y-1">
      <p className="flex flex-wrap items-center gap-2 font-medium">
        <span className="break-words">{s.device}</span>
        {s.current && (
          <span className="rounded-full bg-green-100 px-2 py-0.5 text-xs font-semibold text-green-900">
            This browser
          </span>
        )}
        {s.twoFactor && (
          <span className="rounded-full bg-gray-100 px-2 py-0.5 text-xs font-medium text-gray-800">Two-factor</span>
        )}
      </p>
      <dl className="flex flex-col gap-x-6 gap-y-0.5 text-sm text-gray-700 sm:flex-row sm:flex-wrap">
        <div>
          <dt className="inline text-gray-600">Address: </dt>
          <dd className="inline break-all">{s.ip ?? "unknown"}</dd>
        </div>
        <div>
          <dt className="inline text-gray-600">Last seen: </dt>
          <dd className="inline">
            <LocalTime value={s.lastSeenAt} />
          </dd>
        </div>
        <div>
          <dt className="inline text-gray-600">Signed in: </dt>
          <dd className="inline">
            <LocalTime value={s.createdAt} />
          </dd>
        </div>
      </dl>
    </div>
  );
}

type SignOutProps = {
  session: SessionView;
  endSession: AccountSettingsActions["endSession"];
  onDone: (message: string) => void;
  onError: (message: string) => void;
};

function SignOutSession({ session, endSession, onDone, onError }: SignOutProps) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const signOut = () =>
    startTransition(async () => {
      const result = await callAction(() => endSession({ sessionId: session.id }));
      if (result.ok && result.data.current) router.replace("/login");
      else if (result.ok) onDone(`Signed out ${session.device}${session.ip ? ` at ${session.ip}` : ""}.`);
      else {
        onError(result.error);
        router.refresh();
      }
    });
  return (
    <Button
      variant="secondary"
      onClick={signOut}
      disabled={pending}
      aria-label={`Sign out ${session.device}${session.ip ? ` at ${session.ip}` : ""}`}
      className="shrink-0 self-start sm:self-center"
    >
      {pending ? "Signing out…" : "Sign out"}
    </Button>
  );
}
