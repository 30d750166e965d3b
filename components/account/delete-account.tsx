"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { useForm } from "react-hook-form";
import { callAction } from "@/components/forms/call-action";
import { FormAlert } from "@/components/forms/form-alert";
import { showServerErrors } from "@/components/forms/server-errors";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import type { AccountSettingsActions } from "@/lib/accounts/views";
import { deleteAccountSchema, type DeleteAccountInput } from "@/lib/auth/schemas";

const EMPTY: DeleteAccountInput = { password: "", confirmUsername: "" };

type Props = { username: string; deleteAccount: AccountSettingsActions["deleteAccount"] };

/** The danger zone's button, and the dialog that asks for the password and the username before deleting. */
export function DeleteAccountDialog({ username, deleteAccount }: Props) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);
  const form = useForm<DeleteAccountInput>({ resolver: zodResolver(deleteAccountSchema), defaultValues: EMPTY });
  const { register, handleSubmit, reset, formState } = form;
  const { errors, isSubmitting } = formState;
  const [gone, setGone] = useState(false);
  const onSubmit = handleSubmit(async (values) => {
    const result = await callAction(() => deleteAccount(values));
    if (!result.ok) return showServerErrors(form, result);
    setGone(true);
    router.replace("/login?signedout=deleted");
  });
  return (
    <>
      <Button
        ref={opener}
        variant="danger"
        onClick={() => {
          reset(EMPTY);
          setOpen(true);
        }}
      >
        Delete account…
      </Button>
      {open && (
        <Dialog
          open={open}
          onOpenChange={(next) => !isSubmitting && !gone && setOpen(next)}
          title="Delete your account?"
          description="This cannot be undone. Your keys stop working at once and every session of the account ends."
          returnFocusTo={opener}
        >
          <form onSubmit={onSubmit} noValidate className="grid gap-4">
            <Field label="Password" id="delete-password" error={errors.password?.message} required>
              <input id="delete-password" type="password" autoComplete="current-password" {...register("password")} />
            </Field>
            <Field
              label={
                <>
                  Type your username, <span className="font-mono">{username}</span>, to confirm
                </>
              }
              id="delete-username"
              error={errors.confirmUsername?.message}
              required
            >
              <input
                id="delete-username"
                type="text"
                autoComplete="off"
                autoCapitalize="none"
                spellCheck={false}
                {...register("confirmUsername")}
              />
            </Field>
            <FormAlert message={errors.root?.message} />
            {gone && (
              <p role="status" className="text-sm text-gray-800">
                Your account is deleted. Taking you to the sign-in page…
              </p>
            )}
            <div className="flex flex-wrap justify-end gap-2">
              <Button variant="secondary" onClick={() => setOpen(false)} disabled={isSubmitting || gone}>
                Cancel
              </Button>
              <Button type="submit" variant="danger" disabled={isSubmitting || gone}>
                {isSubmitting ? "Deleting…" : "Delete my account"}
              </Button>
            </div>
          </form>
        </Dialog>
      )}
    </>
  );
}
