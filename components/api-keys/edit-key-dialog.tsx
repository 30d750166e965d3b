"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useForm, useWatch } from "react-hook-form";
import { editApiKeyAction } from "@/app/(gallery)/account/apikeys/actions";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { editKeySchema, type EditKeyInput, type EditKeyValues } from "@/lib/keys/schemas";
import { useOwnerPackages } from "./api-keys-context";
import { PackagePicker } from "./package-picker";

type Props = {
  keyId: string;
  keyName: string;
  packages: string[];
  glob: string | null;
  ownerId: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
};

/** Edits only the packages and the glob of a key (SPEC 3.5). */
export function EditKeyDialog({ keyId, keyName, packages, glob, ownerId, open, onOpenChange }: Props) {
  const ownerPackages = useOwnerPackages(ownerId);
  const form = useForm<EditKeyInput, unknown, EditKeyValues>({
    resolver: zodResolver(editKeySchema),
    defaultValues: { keyId, packages, glob: glob ?? "" },
  });
  const { register, handleSubmit, control, setValue, setError, formState } = form;
  const { errors, isSubmitting, isSubmitted } = formState;
  const [chosen, currentGlob] = useWatch({ control, name: ["packages", "glob"] });
  const onSubmit = handleSubmit(async (values) => {
    const result = await editApiKeyAction(values);
    if (!result.ok) {
      const fields = Object.entries(result.fieldErrors ?? {});
      for (const [field, messages] of fields) setError(field as keyof EditKeyInput, { message: messages?.[0] });
      if (fields.length === 0) setError("root", { message: result.error });
      return;
    }
    onOpenChange(false);
  });
  const idPrefix = `edit-${keyId}`;
  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title={`Edit ${keyName}`}
      description="Change the packages this key may act on. Scopes, owner and expiry stay as they are."
    >
      <form onSubmit={onSubmit} noValidate className="space-y-4">
        {errors.root?.message && (
          <p role="alert" className="text-sm text-red-700">
            {errors.root.message}
          </p>
        )}
        <Field label="Glob Pattern" id={`${idPrefix}-glob`} error={errors.glob?.message}>
          <input id={`${idPrefix}-glob`} type="text" autoComplete="off" spellCheck={false} {...register("glob")} />
        </Field>
        <PackagePicker
          idPrefix={idPrefix}
          packages={ownerPackages}
          chosen={chosen}
          glob={currentGlob}
          error={errors.packages?.message ?? errors.packages?.root?.message}
          onToggle={(id, checked) =>
            setValue(
              "packages",
              checked ? [...chosen, id] : chosen.filter((p) => p.toLowerCase() !== id.toLowerCase()),
              {
                shouldValidate: isSubmitted,
              },
            )
          }
        />
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={() => onOpenChange(false)}>
            Cancel
          </Button>
          <Button type="submit" disabled={isSubmitting}>
            {isSubmitting ? "Saving…" : "Save"}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
