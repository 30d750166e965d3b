"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useForm } from "react-hook-form";
import { callAction } from "@/components/forms/call-action";
import { FormAlert } from "@/components/forms/form-alert";
import { showServerErrors } from "@/components/forms/server-errors";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import type { OwnerOption } from "@/lib/api-keys/views";
import type { Result } from "@/lib/result";
import { policyFieldsSchema, type PolicyInput, type PolicyValues } from "@/lib/trusted-publishing/schemas";

type Props = {
  owners: OwnerOption[];
  /** The policy being edited; a new one when absent. */
  initial?: PolicyInput;
  /** Distinguishes the ids of several forms on one page. */
  idPrefix: string;
  submitLabel: string;
  onSubmit: (values: PolicyValues) => Promise<Result<unknown>>;
  onDone?: () => void;
  onCancel?: () => void;
};

/** A policy's name, package owner and GitHub Actions criteria. */
export function PolicyForm({ owners, initial, idPrefix, submitLabel, onSubmit, onDone, onCancel }: Props) {
  const form = useForm<PolicyInput, unknown, PolicyValues>({
    resolver: zodResolver(policyFieldsSchema),
    defaultValues: initial ?? {
      name: "",
      ownerId: owners[0]?.id ?? "",
      repositoryOwner: "",
      repository: "",
      workflowFile: "",
      environment: "",
    },
  });
  const { register, handleSubmit, formState, reset } = form;
  const { errors, isSubmitting } = formState;
  const id = (field: string) => `${idPrefix}-${field}`;
  const submit = handleSubmit(async (values) => {
    const result = await callAction(() => onSubmit(values));
    if (!result.ok) return showServerErrors(form, result);
    if (!initial) reset();
    onDone?.();
  });
  return (
    <form onSubmit={submit} noValidate className="grid gap-4 sm:grid-cols-2">
      <Field label="Policy name" id={id("name")} error={errors.name?.message} required>
        <input id={id("name")} type="text" autoComplete="off" {...register("name")} />
      </Field>
      <Field
        label="Package owner"
        id={id("owner")}
        error={errors.ownerId?.message}
        hint="Keys issued under this policy push packages for this owner."
        required
      >
        <select id={id("owner")} {...register("ownerId")}>
          {owners.map((owner) => (
            <option key={owner.id} value={owner.id}>
              {owner.username}
              {owner.kind === "organization" ? " (organization)" : ""}
            </option>
          ))}
        </select>
      </Field>
      <Field
        label="Repository owner"
        id={id("repo-owner")}
        error={errors.repositoryOwner?.message}
        hint="The GitHub user or organization, such as contoso."
        required
      >
        <input id={id("repo-owner")} type="text" autoComplete="off" {...register("repositoryOwner")} />
      </Field>
      <Field
        label="Repository"
        id={id("repo")}
        error={errors.repository?.message}
        hint="The repository's name without its owner, such as widgets."
        required
      >
        <input id={id("repo")} type="text" autoComplete="off" {...register("repository")} />
      </Field>
      <Field
        label="Workflow file"
        id={id("workflow")}
        error={errors.workflowFile?.message}
        hint="The file name in .github/workflows, such as release.yml (case does not matter)."
        required
      >
        <input id={id("workflow")} type="text" autoComplete="off" {...register("workflowFile")} />
      </Field>
      <Field
        label="Environment (optional)"
        id={id("environment")}
        error={errors.environment?.message}
        hint="When set, only jobs running in this GitHub environment get keys."
      >
        <input id={id("environment")} type="text" autoComplete="off" {...register("environment")} />
      </Field>
      <div className="flex gap-2 sm:col-span-2">
        <Button type="submit" disabled={isSubmitting}>
          {isSubmitting ? "Saving…" : submitLabel}
        </Button>
        {onCancel && (
          <Button variant="secondary" onClick={onCancel}>
            Cancel
          </Button>
        )}
      </div>
      <FormAlert message={errors.root?.message} className="text-sm text-red-700 sm:col-span-2" />
    </form>
  );
}
