"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import Link from "next/link";
import { useState } from "react";
import { useForm, useWatch, type FieldErrors } from "react-hook-form";
import { FormAlert } from "@/components/forms/form-alert";
import { showServerErrors } from "@/components/forms/server-errors";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import type { KeyPrefill } from "@/lib/api-keys/views";
import { EXPIRY_DAYS } from "@/lib/keys/expiry";
import { CREATE_KEY_DEFAULTS, createKeySchema, type CreateKeyInput, type CreateKeyValues } from "@/lib/keys/schemas";
import { isPushScope, SCOPES, type Scope } from "@/lib/keys/scopes";
import { useApiKeys, useOwnerPackages } from "./api-keys-context";
import { PackagePicker, togglePackage } from "./package-picker";
import { toggleScope } from "./scope-choice";

const PUSH_CHOICES = SCOPES.filter((s) => isPushScope(s.id));
const UNLIST = SCOPES.find((s) => s.id === "package:unlist")!;

/** The create form; a prefill (from a package's page) opens it with that owner and package chosen. */
export function CreateKeyForm({ prefill = null }: { prefill?: KeyPrefill | null }) {
  const { owners, actions, showSecret } = useApiKeys();
  const [open, setOpen] = useState(prefill !== null);
  // With a choice of owners, nobody gets one they did not pick (as on nuget.org).
  const defaults: CreateKeyInput = { ...CREATE_KEY_DEFAULTS, ownerId: owners.length === 1 ? owners[0]!.id : "" };
  const form = useForm<CreateKeyInput, unknown, CreateKeyValues>({
    resolver: zodResolver(createKeySchema),
    defaultValues: prefill ? { ...defaults, ...prefill } : defaults,
  });
  const { register, handleSubmit, control, setValue, reset, formState } = form;
  const { errors, isSubmitting, isSubmitted } = formState;
  const [scopes, packages, glob, ownerId] = useWatch({ control, name: ["scopes", "packages", "glob", "ownerId"] });
  const ownerPackages = useOwnerPackages(open ? ownerId : undefined);
  const pushScope = scopes.find(isPushScope);
  const ownerName = owners.find((o) => o.id === ownerId)?.username ?? "Contoso";

  const setScopes = (next: Scope[]) => setValue("scopes", next, { shouldValidate: isSubmitted });
  // Fields without an input of their own get focus through the control a person would fix them with.
  const focusFirstError = (bad: FieldErrors<CreateKeyInput>) => {
    const order = ["name", "expiresInDays", "ownerId", "scopes", "glob", "packages"] as const;
    const first = order.find((field) => bad[field]);
    if (first === "scopes") document.getElementById("key-push")?.focus();
    else if (first === "packages") form.setFocus("glob");
  };
  const onSubmit = handleSubmit(async (values) => {
    const result = await actions.createKey(values);
    if (!result.ok) {
      showServerErrors(form, result);
      return focusFirstError(form.formState.errors);
    }
    showSecret({ keyName: result.data.key.name, secret: result.data.secret, regenerated: false });
    reset(defaults);
    setOpen(false);
  }, focusFirstError);

  return (
    <section aria-labelledby="create-heading" className="rounded-lg border border-gray-200 bg-white shadow-sm">
      <h2 id="create-heading" className="text-xl font-semibold">
        <button
          type="button"
          aria-expanded={open}
          aria-controls="create-key-panel"
          onClick={() => setOpen((o) => !o)}
          className="flex w-full items-center gap-2 px-5 py-4 text-left"
        >
          <span aria-hidden="true" className="text-brand">
            {open ? "−" : "+"}
          </span>
          Create
        </button>
      </h2>
      {open && (
        <form
          id="create-key-panel"
          onSubmit={onSubmit}
          noValidate
          className="space-y-5 border-t border-gray-200 px-5 py-5"
        >
          <FormAlert message={errors.root?.message} />
          <div className="grid gap-4 sm:grid-cols-2">
            <Field label="Key Name" id="key-name" error={errors.name?.message} required>
              <input id="key-name" type="text" autoComplete="off" {...register("name")} />
            </Field>
            <Field label="Expires In" id="key-expires" error={errors.expiresInDays?.message}>
              <select id="key-expires" {...register("expiresInDays")}>
                {EXPIRY_DAYS.map((days) => (
                  <option key={days} value={days}>
                    {days === 1 ? "1 day" : `${days} days`}
                  </option>
                ))}
              </select>
            </Field>
          </div>
          <Field
            label="Package Owner"
            id="key-owner"
            error={errors.ownerId?.message}
            required
            hint={
              owners.find((o) => o.id === ownerId)?.needsTwoFactor ? (
                <>
                  {!errors.ownerId && `${ownerName} requires two-factor sign-in for its members. `}
                  <Link href="/account/settings" className="text-brand underline underline-offset-2">
                    Turn on two-factor sign-in
                  </Link>{" "}
                  in your account settings to create its keys.
                </>
              ) : undefined
            }
          >
            <select id="key-owner" {...register("ownerId", { onChange: () => setValue("packages", []) })}>
              {owners.length > 1 && (
                <option value="" disabled>
                  Select an owner…
                </option>
              )}
              {owners.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.username}
                  {o.kind === "organization" ? " (organization)" : ""}
                  {o.needsTwoFactor ? ", requires two-factor sign-in" : ""}
                </option>
              ))}
            </select>
          </Field>

          <fieldset aria-describedby={errors.scopes ? "key-scopes-error" : undefined}>
            <legend className="mb-2 text-sm font-medium text-gray-800">Select Scopes</legend>
            <div className="space-y-2 text-sm">
              <label className="flex items-center gap-2">
                <input
                  id="key-push"
                  type="checkbox"
                  className="size-4"
                  checked={pushScope !== undefined}
                  onChange={(e) => setScopes(toggleScope(scopes, "push", e.target.checked))}
                />
                Push
              </label>
              <div role="radiogroup" aria-label="Push scope" className="ml-6 space-y-1">
                {PUSH_CHOICES.map((scope) => (
                  <label
                    key={scope.id}
                    className={pushScope ? "flex items-center gap-2" : "flex items-center gap-2 text-gray-500"}
                  >
                    <input
                      type="radio"
                      name="push-scope"
                      className="size-4"
                      value={scope.id}
                      disabled={!pushScope}
                      checked={pushScope === scope.id}
                      onChange={() => setScopes(toggleScope(scopes, scope.id, true))}
                    />
                    {scope.label}
                  </label>
                ))}
              </div>
              <label className="flex items-center gap-2">
                <input
                  type="checkbox"
                  className="size-4"
                  checked={scopes.includes(UNLIST.id)}
                  onChange={(e) => setScopes(toggleScope(scopes, UNLIST.id, e.target.checked))}
                />
                {UNLIST.label}
              </label>
            </div>
            {errors.scopes && (
              <p id="key-scopes-error" role="alert" className="mt-1 text-sm text-red-700">
                {errors.scopes.message}
              </p>
            )}
          </fieldset>

          <div className="space-y-3">
            <h3 className="text-sm font-medium text-gray-800">
              Select Packages
              <span aria-hidden="true" className="ml-0.5 text-red-700">
                *
              </span>
            </h3>
            <p className="text-sm text-gray-700">
              To select which packages to associate with a key, use a glob pattern, select individual packages, or both.
            </p>
            <Field
              label="Glob Pattern"
              id="key-glob"
              error={errors.glob?.message}
              hint={
                <>
                  <code>*</code> matches any characters. Examples: <code>{ownerName}.*</code> covers all of {ownerName}
                  &apos;s packages whose ids start with &quot;{ownerName}.&quot;, also future ones; <code>*</code>{" "}
                  covers every package of the owner.
                </>
              }
            >
              <input id="key-glob" type="text" autoComplete="off" spellCheck={false} {...register("glob")} />
            </Field>
            <PackagePicker
              idPrefix="create"
              packages={ownerPackages}
              chosen={packages}
              glob={glob}
              error={errors.packages?.message ?? errors.packages?.root?.message}
              onToggle={(id, checked) =>
                setValue("packages", togglePackage(packages, id, checked), { shouldValidate: isSubmitted })
              }
            />
          </div>

          <div className="flex gap-2">
            <Button type="submit" disabled={isSubmitting}>
              {isSubmitting ? "Creating…" : "Create"}
            </Button>
            <Button
              variant="secondary"
              onClick={() => {
                reset(defaults);
                setOpen(false);
              }}
            >
              Cancel
            </Button>
          </div>
        </form>
      )}
    </section>
  );
}
