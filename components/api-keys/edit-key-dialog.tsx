"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useForm, useWatch } from "react-hook-form";
import { FormAlert } from "@/components/forms/form-alert";
import { showServerErrors } from "@/components/forms/server-errors";
import type { RefObject } from "react";
import { useAnnounce } from "@/components/ui/announcer";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { editKeySchema, type EditKeyInput, type EditKeyValues } from "@/lib/keys/schemas";
import { useApiKeys, useOwnerPackages } from "./api-keys-context";
import { PackagePicker, togglePackage } from "./package-picker";

type Props = {
  keyId: string;
  keyName: string;
  packages: string[];
  glob: string | null;
  ownerId: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  returnFocusTo?: RefObject<HTMLElement | null>;
};

/** Edits only the packages and the glob of a key (SPEC 3.5). */
export function EditKeyDialog(props: Props) {
  const { keyId, keyName, packages, glob, ownerId, open, onOpenChange, returnFocusTo } = props;
  const { actions } = useApiKeys();
  const announce = useAnnounce();
  const ownerPackages = useOwnerPackages(ownerId);
  const form = useForm<EditKeyInput, unknown, EditKeyValues>({
    resolver: zodResolver(editKeySchema),
    defaultValues: { keyId, packages, glob: glob ?? "" },
  });
  const { register, handleSubmit, control, setValue, formState } = form;
  const { errors, isSubmitting, isSubmitted } = formState;
  const [chosen, currentGlob] = useWatch({ control, name: ["packages", "glob"] });
  const onSubmit = handleSubmit(async (values) => {
    const result = await actions.editKey(values);
    if (!result.ok) return showServerErrors(form, result);
    onOpenChange(false);
    announce(`Saved the packages of ${keyName}.`);
  });
  const idPrefix = `edit-${keyId}`;
  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      returnFocusTo={returnFocusTo}
      title={`Edit ${keyName}`}
      description="Change the packages this key may act on. Scopes, owner and expiry stay as they are."
    >
      <form onSubmit={onSubmit} noValidate className="space-y-4">
        <FormAlert message={errors.root?.message} />
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
            setValue("packages", togglePackage(chosen, id, checked), { shouldValidate: isSubmitted })
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
