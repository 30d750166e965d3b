"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRef, useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { callAction } from "@/components/forms/call-action";
import { FormAlert } from "@/components/forms/form-alert";
import { showServerErrors } from "@/components/forms/server-errors";
import { LocalTime } from "@/components/local-time";
import { useAnnounce } from "@/components/ui/announcer";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import type { RecoveryCodes, TwoFactorEnrollment } from "@/lib/accounts/two-factor";
import {
  disableTwoFactorSchema,
  enableTwoFactorSchema,
  recoveryCodesSchema,
  type DisableTwoFactorInput,
  type EnableTwoFactorInput,
  type RecoveryCodesInput,
} from "@/lib/auth/schemas";
import type { Result } from "@/lib/result";

/** The settings page's two-factor actions, handed in as props. */
export type TwoFactorActions = {
  begin: (input: Record<string, never>) => Promise<Result<TwoFactorEnrollment>>;
  enable: (input: EnableTwoFactorInput) => Promise<Result<RecoveryCodes>>;
  regenerate: (input: RecoveryCodesInput) => Promise<Result<RecoveryCodes>>;
  disable: (input: DisableTwoFactorInput) => Promise<Result>;
};

type Props = { enabledAt: Date | null; recoveryCodesLeft: number; actions: TwoFactorActions };

/** Turning two-factor sign-in on (QR code, first code, recovery codes) and off, and replacing recovery codes. */
export function TwoFactorSettings({ enabledAt, recoveryCodesLeft, actions }: Props) {
  const [enrollment, setEnrollment] = useState<TwoFactorEnrollment | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const begin = () =>
    startTransition(async () => {
      const result = await callAction(() => actions.begin({}));
      setError(result.ok ? null : result.error);
      if (result.ok) setEnrollment(result.data);
    });

  if (codes) return <RecoveryCodesPanel codes={codes} onDone={() => setCodes(null)} />;
  if (enabledAt) {
    return (
      <div className="space-y-4">
        <p>
          <span className="mr-2 rounded-full bg-green-100 px-2.5 py-0.5 text-xs font-semibold text-green-800">On</span>
          Since <LocalTime value={enabledAt} />. Signing in asks for a code from your authenticator app after your
          password.
        </p>
        <p className={recoveryCodesLeft <= 3 ? "font-medium text-amber-900" : "text-gray-700"}>
          {recoveryCodesLeft} of 10 recovery codes left.
          {recoveryCodesLeft <= 3 && " Replace them before you run out."}
        </p>
        <div className="flex flex-wrap gap-2">
          <ReplaceRecoveryCodes regenerate={actions.regenerate} onReplaced={setCodes} />
          <TurnOff disable={actions.disable} />
        </div>
      </div>
    );
  }
  if (enrollment) {
    return (
      <Enrolling
        enrollment={enrollment}
        enable={actions.enable}
        onEnabled={(recoveryCodes) => {
          setEnrollment(null);
          setCodes(recoveryCodes);
        }}
        onCancel={() => setEnrollment(null)}
      />
    );
  }
  return (
    <div className="space-y-4">
      <p className="text-sm text-gray-700">
        Off. With two-factor sign-in, signing in asks for a 6-digit code from an authenticator app on your phone after
        your password, so a stolen password alone does not open your account. Some organizations require it before their
        members can create API keys.
      </p>
      <FormAlert message={error ?? undefined} />
      <Button onClick={begin} disabled={pending}>
        {pending ? "Preparing…" : "Turn on two-factor sign-in"}
      </Button>
    </div>
  );
}

type EnrollingProps = {
  enrollment: TwoFactorEnrollment;
  enable: TwoFactorActions["enable"];
  onEnabled: (codes: string[]) => void;
  onCancel: () => void;
};

function Enrolling({ enrollment, enable, onEnabled, onCancel }: EnrollingProps) {
  const form = useForm<EnableTwoFactorInput>({
    resolver: zodResolver(enableTwoFactorSchema),
    defaultValues: { code: "" },
  });
  const { register, handleSubmit, formState } = form;
  const { errors, isSubmitting } = formState;
  const onSubmit = handleSubmit(async (values) => {
    const result = await callAction(() => enable(values));
    if (!result.ok) return showServerErrors(form, result);
    onEnabled(result.data.recoveryCodes);
  });
  return (
    <div className="space-y-6">
      <div>
        <h3 className="font-semibold">1. Scan the QR code</h3>
        <p className="text-sm text-gray-700">
          Use an authenticator app such as Google Authenticator, Microsoft Authenticator, 1Password or Aegis.
        </p>
        <div className="mt-3 flex flex-col gap-4 sm:flex-row sm:items-center">
          {/* eslint-disable-next-line @next/next/no-img-element -- a data URL drawn on the server, not a file to optimise */}
          <img
            src={enrollment.qrDataUrl}
            alt="QR code for your authenticator app, holding the same setup key that is shown as text"
            width={192}
            height={192}
            className="h-48 w-48 self-center rounded border border-gray-200 bg-white sm:self-auto"
          />
          <div className="min-w-0 flex-1">
            <p className="text-sm text-gray-700">Cannot scan it? Type this setup key into the app (time-based):</p>
            <code
              aria-label="Setup key"
              className="mt-2 block max-w-md rounded border border-gray-300 bg-gray-50 px-3 py-2 font-mono text-sm tracking-wider"
            >
              {enrollment.secret.match(/.{1,4}/g)?.join(" ")}
            </code>
          </div>
        </div>
      </div>
      <form onSubmit={onSubmit} noValidate className="space-y-3">
        <h3 className="font-semibold">2. Enter the code the app shows</h3>
        <FormAlert message={errors.root?.message} />
        <Field label="Code from the app" id="totp-code" error={errors.code?.message} className="max-w-48">
          <input
            id="totp-code"
            type="text"
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={7}
            {...register("code")}
          />
        </Field>
        <div className="flex flex-wrap gap-2">
          <Button type="submit" disabled={isSubmitting}>
            {isSubmitting ? "Checking…" : "Turn on"}
          </Button>
          <Button variant="secondary" onClick={onCancel}>
            Cancel
          </Button>
        </div>
      </form>
    </div>
  );
}

/** The recovery codes, once: copy, download, then gone. */
function RecoveryCodesPanel({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const [copied, setCopied] = useState<string | null>(null);
  const text = `Package Gallery recovery codes. Each signs in once.\n\n${codes.join("\n")}\n`;
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied("Copied to the clipboard.");
    } catch {
      setCopied("The browser did not allow copying. Download them or write them down.");
    }
  };
  return (
    <div className="space-y-4" role="region" aria-labelledby="recovery-codes-heading">
      <h3 id="recovery-codes-heading" className="font-semibold">
        Save your recovery codes
      </h3>
      <p className="rounded border border-amber-400 bg-amber-50 px-3 py-2 text-sm text-amber-900">
        If you lose your phone, each of these codes signs in once instead of a code from the app. They are shown only
        now: keep them somewhere safe, such as a password manager.
      </p>
      <ol
        aria-label="Recovery codes"
        className="grid grid-cols-2 gap-x-6 gap-y-1 rounded border border-gray-300 bg-gray-50 px-4 py-3 font-mono text-sm sm:w-max"
      >
        {codes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </ol>
      <div className="flex flex-wrap items-center gap-2">
        <Button variant="secondary" onClick={copy}>
          Copy
        </Button>
        <a
          href={`data:text/plain;charset=utf-8,${encodeURIComponent(text)}`}
          download="package-gallery-recovery-codes.txt"
          className="inline-flex items-center rounded border border-gray-300 bg-white px-4 py-2 text-sm font-medium text-gray-800 hover:bg-gray-50"
        >
          Download
        </a>
        <Button onClick={onDone}>I have saved them</Button>
      </div>
      <p role="status" className="text-sm text-green-800">
        {copied}
      </p>
    </div>
  );
}

/** A dialog holding a form, opened by a button it returns focus to. */
function useFormDialog() {
  const [open, setOpen] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);
  return { open, setOpen, opener };
}

type ReplaceProps = { regenerate: TwoFactorActions["regenerate"]; onReplaced: (codes: string[]) => void };

function ReplaceRecoveryCodes({ regenerate, onReplaced }: ReplaceProps) {
  const { open, setOpen, opener } = useFormDialog();
  const form = useForm<RecoveryCodesInput>({
    resolver: zodResolver(recoveryCodesSchema),
    defaultValues: { password: "" },
  });
  const { register, handleSubmit, formState, reset } = form;
  const { errors, isSubmitting } = formState;
  const onSubmit = handleSubmit(async (values) => {
    const result = await callAction(() => regenerate(values));
    if (!result.ok) return showServerErrors(form, result);
    setOpen(false);
    onReplaced(result.data.recoveryCodes);
  });
  return (
    <>
      <Button
        ref={opener}
        variant="secondary"
        onClick={() => {
          reset();
          setOpen(true);
        }}
      >
        Replace recovery codes
      </Button>
      {open && (
        <Dialog
          open={open}
          onOpenChange={setOpen}
          title="Replace your recovery codes?"
          description="You get ten new codes; the old ones stop working at once."
          returnFocusTo={opener}
        >
          <form onSubmit={onSubmit} noValidate className="space-y-4">
            <FormAlert message={errors.root?.message} />
            <Field label="Your password" id="recovery-password" error={errors.password?.message}>
              <input id="recovery-password" type="password" autoComplete="current-password" {...register("password")} />
            </Field>
            <div className="flex justify-end gap-2">
              <Button variant="secondary" onClick={() => setOpen(false)}>
                Cancel
              </Button>
              <Button type="submit" disabled={isSubmitting}>
                {isSubmitting ? "Working…" : "Replace codes"}
              </Button>
            </div>
          </form>
        </Dialog>
      )}
    </>
  );
}

function TurnOff({ disable }: { disable: TwoFactorActions["disable"] }) {
  const { open, setOpen, opener } = useFormDialog();
  const announce = useAnnounce();
  const form = useForm<DisableTwoFactorInput>({
    resolver: zodResolver(disableTwoFactorSchema),
    defaultValues: { password: "", code: "" },
  });
  const { register, handleSubmit, formState, reset } = form;
  const { errors, isSubmitting } = formState;
  const onSubmit = handleSubmit(async (values) => {
    const result = await callAction(() => disable(values));
    if (!result.ok) return showServerErrors(form, result);
    setOpen(false);
    announce("Two-factor sign-in is off. Your other sessions were signed out.");
  });
  return (
    <>
      <Button
        ref={opener}
        variant="secondary"
        className="text-red-800"
        onClick={() => {
          reset();
          setOpen(true);
        }}
      >
        Turn off
      </Button>
      {open && (
        <Dialog
          open={open}
          onOpenChange={setOpen}
          title="Turn off two-factor sign-in?"
          description="Signing in will need only your password. Your recovery codes stop working, and every other session of your account is signed out."
          returnFocusTo={opener}
        >
          <form onSubmit={onSubmit} noValidate className="space-y-4">
            <FormAlert message={errors.root?.message} />
            <Field label="Your password" id="disable-password" error={errors.password?.message}>
              <input id="disable-password" type="password" autoComplete="current-password" {...register("password")} />
            </Field>
            <Field
              label="Code from the app"
              id="disable-code"
              error={errors.code?.message}
              hint="Or one of your recovery codes."
            >
              <input id="disable-code" type="text" autoComplete="one-time-code" {...register("code")} />
            </Field>
            <div className="flex justify-end gap-2">
              <Button variant="secondary" onClick={() => setOpen(false)}>
                Cancel
              </Button>
              <Button type="submit" variant="danger" disabled={isSubmitting}>
                {isSubmitting ? "Working…" : "Turn off"}
              </Button>
            </div>
          </form>
        </Dialog>
      )}
    </>
  );
}
