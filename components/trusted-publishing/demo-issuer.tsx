"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import Link from "next/link";
import { useEffect, useRef, useState, type ReactNode } from "react";
import { useForm } from "react-hook-form";
import { callAction } from "@/components/forms/call-action";
import { FormAlert } from "@/components/forms/form-alert";
import { showServerErrors } from "@/components/forms/server-errors";
import { LocalTime } from "@/components/local-time";
import { CopyButton } from "@/components/packages/copy-button";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import type { Result } from "@/lib/result";
import { exchangeCommand, pushCommands } from "@/lib/trusted-publishing/demo-commands";
import { demoTokenSchema, type DemoTokenInput, type DemoTokenValues } from "@/lib/trusted-publishing/schemas";
import type { DemoToken } from "@/lib/trusted-publishing/views";

type Props = {
  origin: string;
  audience: string;
  username: string;
  mint: (input: DemoTokenInput) => Promise<Result<DemoToken>>;
};

/** The demo issuer's form, then the minted token with the commands that trade it for a key and push. */
export function DemoIssuer({ origin, audience, username, mint }: Props) {
  const [minted, setMinted] = useState<DemoToken | null>(null);
  const form = useForm<DemoTokenInput, unknown, DemoTokenValues>({
    resolver: zodResolver(demoTokenSchema),
    defaultValues: { repository: "", workflowFile: "release.yml", environment: "" },
  });
  const { register, handleSubmit, formState } = form;
  const { errors, isSubmitting } = formState;
  const submit = handleSubmit(async (values) => {
    const result = await callAction(() => mint(values));
    if (!result.ok) return showServerErrors(form, result);
    setMinted(result.data);
  });
  return (
    <div className="space-y-6">
      <section aria-labelledby="mint-heading" className="rounded-lg border border-gray-200 bg-white p-5 shadow-sm">
        <h2 id="mint-heading" className="mb-3 text-xl font-semibold">
          Mint a token
        </h2>
        <form onSubmit={submit} noValidate className="grid gap-4 sm:grid-cols-2">
          <Field
            label="Repository"
            id="demo-repository"
            error={errors.repository?.message}
            hint="owner/name, as on GitHub, such as alice-demo/widgets."
            required
            className="sm:col-span-2"
          >
            <input
              id="demo-repository"
              type="text"
              autoComplete="off"
              spellCheck={false}
              placeholder="owner/name"
              {...register("repository")}
            />
          </Field>
          <Field
            label="Workflow file"
            id="demo-workflow"
            error={errors.workflowFile?.message}
            hint="The file in .github/workflows the job would run from."
            required
          >
            <input id="demo-workflow" type="text" autoComplete="off" spellCheck={false} {...register("workflowFile")} />
          </Field>
          <Field
            label="Environment (optional)"
            id="demo-environment"
            error={errors.environment?.message}
            hint="The GitHub environment the job would run in."
          >
            <input id="demo-environment" type="text" autoComplete="off" {...register("environment")} />
          </Field>
          <p className="text-sm text-gray-700 sm:col-span-2">
            Audience: <code className="rounded bg-gray-100 px-1 break-all">{audience}</code> (this gallery&apos;s).
          </p>
          <div className="sm:col-span-2">
            <Button type="submit" disabled={isSubmitting}>
              {isSubmitting ? "Minting…" : "Mint token"}
            </Button>
          </div>
          <FormAlert message={errors.root?.message} className="text-sm text-red-700 sm:col-span-2" />
        </form>
      </section>
      {minted && <MintedToken minted={minted} origin={origin} username={username} />}
    </div>
  );
}

function MintedToken({ minted, origin, username }: { minted: DemoToken; origin: string; username: string }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [minted]);
  const exchange = exchangeCommand({ origin, token: minted.token, username });
  const push = pushCommands(origin);
  const [owner, repository] = minted.repository.split("/");
  return (
    <section
      aria-labelledby="minted-heading"
      className="space-y-5 rounded-lg border border-gray-200 bg-white p-5 shadow-sm"
    >
      <h2 id="minted-heading" ref={heading} tabIndex={-1} className="text-xl font-semibold outline-none">
        Your token for {minted.repository}
      </h2>
      <div>
        <div className="mb-1 flex items-end justify-between gap-2">
          <label htmlFor="demo-token" className="text-sm font-medium text-gray-800">
            OIDC token
          </label>
          <CopyButton text={minted.token} label="Copy the token" />
        </div>
        <textarea
          id="demo-token"
          readOnly
          rows={4}
          value={minted.token}
          aria-describedby="demo-token-expiry"
          className="block w-full resize-y rounded border border-gray-300 bg-gray-50 px-3 py-2 font-mono text-xs break-all"
        />
        <p id="demo-token-expiry" className="mt-1 text-sm wrap-anywhere text-gray-700">
          Expires <LocalTime value={new Date(minted.expiresAt)} />, 5 minutes after it was minted, and works once.
          Workflow <code>{minted.workflowFile}</code>
          {minted.environment ? (
            <>
              , environment <code>{minted.environment}</code>
            </>
          ) : null}
          ; issuer <code>{minted.issuer}</code>.
        </p>
      </div>
      <p className="rounded border border-sky-300 bg-sky-50 px-3 py-2 text-sm text-sky-950">
        The gallery trades it for a key only when one of your policies on{" "}
        <Link href="/account/trustedpublishing" className="text-brand font-medium underline underline-offset-2">
          Trusted Publishing
        </Link>{" "}
        names repository owner <code>{owner}</code>, repository <code>{repository}</code> and workflow file{" "}
        <code>{minted.workflowFile}</code>
        {minted.environment ? (
          <>
            ; its environment, when it names one, must be <code>{minted.environment}</code>.
          </>
        ) : (
          ", with no environment."
        )}
      </p>
      <Command
        step="1. Trade the token for an API key, as NuGet/login does"
        text={exchange}
        label="Copy the curl command"
        hint={
          <>
            Prints <code>{'{"tokenType":"ApiKey","expires":"…","apiKey":"…"}'}</code> or <code>{'{"error":"…"}'}</code>,
            and keeps the key in <code>$API_KEY</code> for an hour.
          </>
        }
      />
      <Command step="2. Push a package with it (.NET CLI)" text={push.dotnet} label="Copy the dotnet push command" />
      <Command step="… or with nuget.exe" text={push.nuget} label="Copy the nuget push command" />
    </section>
  );
}

function Command({ step, text, label, hint }: { step: string; text: string; label: string; hint?: ReactNode }) {
  return (
    <div>
      <div className="mb-1 flex items-end justify-between gap-2">
        <h3 className="text-sm font-semibold text-gray-900">{step}</h3>
        <CopyButton text={text} label={label} />
      </div>
      <pre
        aria-label={step}
        className="overflow-x-auto rounded border border-gray-200 bg-gray-900 px-3 py-2 font-mono text-xs leading-relaxed break-all whitespace-pre-wrap text-gray-100"
      >
        <code>{text}</code>
      </pre>
      {hint && <p className="mt-1 text-sm wrap-anywhere text-gray-700">{hint}</p>}
    </div>
  );
}
