"use client";

import { useActionState, useState } from "react";
import { FormAlert } from "@/components/forms/form-alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { login, type LoginState } from "./actions";

export function LoginForm({ callbackUrl }: { callbackUrl: string }) {
  // A new attempt remounts the steps, which forgets the half-finished sign-in.
  const [attempt, setAttempt] = useState(0);
  return <LoginSteps key={attempt} callbackUrl={callbackUrl} onRestart={() => setAttempt((n) => n + 1)} />;
}

function LoginSteps({ callbackUrl, onRestart }: { callbackUrl: string; onRestart: () => void }) {
  const [state, formAction, pending] = useActionState<LoginState, FormData>(login, {});
  if (state.challenge) {
    return (
      <CodeStep
        state={state}
        challenge={state.challenge}
        callbackUrl={callbackUrl}
        pending={pending}
        formAction={formAction}
        onRestart={onRestart}
      />
    );
  }
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <FormAlert message={state.error} />
      <Field label="E-mail address" id="email" error={state.fieldErrors?.email?.[0]}>
        <input id="email" name="email" type="email" autoComplete="username" defaultValue={state.email} required />
      </Field>
      <Field label="Password" id="password" error={state.fieldErrors?.password?.[0]}>
        <input id="password" name="password" type="password" autoComplete="current-password" required />
      </Field>
      <Button type="submit" disabled={pending} className="w-full">
        {pending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}

type CodeStepProps = {
  state: LoginState;
  challenge: string;
  callbackUrl: string;
  pending: boolean;
  formAction: (form: FormData) => void;
  onRestart: () => void;
};

/** The second step: a code from the authenticator app, or one of the recovery codes. */
function CodeStep({ state, challenge, callbackUrl, pending, formAction, onRestart }: CodeStepProps) {
  const [recovery, setRecovery] = useState(false);
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <input type="hidden" name="challenge" value={challenge} />
      <p className="text-sm text-gray-700">
        {recovery
          ? "Enter one of the recovery codes you saved when you turned on two-factor sign-in. Each code works once."
          : "Open your authenticator app and enter the 6-digit code it shows for the Package Gallery."}
        {state.email && (
          <span className="mt-1 block text-gray-600">
            Signing in as <span className="font-medium break-words">{state.email}</span>
          </span>
        )}
      </p>
      <FormAlert message={state.error} />
      <Field
        key={recovery ? "recovery" : "app"}
        label={recovery ? "Recovery code" : "Authentication code"}
        id="code"
        error={state.fieldErrors?.code?.[0]}
        hint={recovery ? "Such as 7k2m-q9xd-4f." : undefined}
      >
        <input
          id="code"
          name="code"
          type="text"
          inputMode={recovery ? "text" : "numeric"}
          autoComplete={recovery ? "off" : "one-time-code"}
          autoCapitalize="off"
          spellCheck={false}
          maxLength={32}
          // The step was just asked for: its one field is where the person is going.
          autoFocus
          required
        />
      </Field>
      <Button type="submit" disabled={pending} className="w-full">
        {pending ? "Checking…" : "Verify"}
      </Button>
      <div className="flex flex-wrap justify-between gap-2 text-sm">
        <Button variant="link" onClick={() => setRecovery((r) => !r)}>
          {recovery ? "Use a code from the app" : "Lost your device? Use a recovery code"}
        </Button>
        <Button variant="link" onClick={onRestart}>
          Start over
        </Button>
      </div>
    </form>
  );
}
