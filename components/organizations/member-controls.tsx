"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { callAction } from "@/components/forms/call-action";
import { FormAlert } from "@/components/forms/form-alert";
import { showServerErrors } from "@/components/forms/server-errors";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Field } from "@/components/ui/field";
import {
  inviteMemberSchema,
  ROLE_LABELS,
  ROLES,
  setRoleSchema,
  type InviteMemberInput,
  type InviteMemberValues,
  type Role,
  type SetRoleInput,
} from "@/lib/organizations/schemas";
import type { OrganizationActions } from "@/lib/organizations/views";

type InviteMemberProps = { organizationId: string; inviteMember: OrganizationActions["inviteMember"] };

/** Invites by username or e-mail address; nothing changes in the organization until the invitee accepts. */
export function InviteMemberForm({ organizationId, inviteMember }: InviteMemberProps) {
  const [done, setDone] = useState<string | null>(null);
  const defaults: InviteMemberInput = { organizationId, who: "", role: "collaborator" };
  const form = useForm<InviteMemberInput, unknown, InviteMemberValues>({
    resolver: zodResolver(inviteMemberSchema),
    defaultValues: defaults,
  });
  const { register, handleSubmit, reset, formState } = form;
  const { errors, isSubmitting } = formState;
  const onSubmit = handleSubmit(async (values) => {
    setDone(null);
    const result = await callAction(() => inviteMember(values));
    if (!result.ok) return showServerErrors(form, result);
    reset(defaults);
    setDone(`Invitation sent to ${result.data.invitee}. They join once they accept.`);
  });
  return (
    <form onSubmit={onSubmit} noValidate className="grid gap-4 sm:grid-cols-[2fr_1fr_auto] sm:items-start">
      <Field
        label="Username or e-mail address"
        id="invite-who"
        error={errors.who?.message}
        hint="Someone without an account gets a link to register."
      >
        <input
          id="invite-who"
          type="text"
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
          {...register("who")}
        />
      </Field>
      <Field label="Role" id="invite-role" error={errors.role?.message}>
        <select id="invite-role" {...register("role")}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {ROLE_LABELS[r]}
            </option>
          ))}
        </select>
      </Field>
      <Button type="submit" disabled={isSubmitting} className="sm:mt-6">
        {isSubmitting ? "Sending…" : "Send invitation"}
      </Button>
      <p role="status" className="text-sm text-green-800 sm:col-span-3">
        {done}
      </p>
      <FormAlert message={errors.root?.message} className="text-sm text-red-700 sm:col-span-3" />
    </form>
  );
}

type MemberProps = {
  organizationId: string;
  userId: string;
  username: string;
  role: Role;
  isAdmin: boolean;
  isSelf: boolean;
  actions: Pick<OrganizationActions, "setRole" | "removeMember">;
};

export function MemberControls({ organizationId, userId, username, role, isAdmin, isSelf, actions }: MemberProps) {
  const router = useRouter();
  const form = useForm<SetRoleInput>({
    resolver: zodResolver(setRoleSchema),
    values: { organizationId, userId, role },
  });
  const { register, handleSubmit, formState } = form;
  const changeRole = handleSubmit(async (values) => {
    const result = await callAction(() => actions.setRole(values));
    if (result.ok) return;
    form.setValue("role", role);
    showServerErrors(form, result);
  });
  const error = formState.errors.role?.message ?? formState.errors.root?.message;
  return (
    <div className="flex flex-wrap items-center justify-end gap-2">
      {isAdmin ? (
        <select
          aria-label={`Role of ${username}`}
          disabled={formState.isSubmitting}
          {...register("role", { onChange: () => void changeRole() })}
          className="rounded border border-gray-300 px-2 py-1 text-sm"
        >
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {ROLE_LABELS[r]}
            </option>
          ))}
        </select>
      ) : (
        <span className="text-sm">{ROLE_LABELS[role]}</span>
      )}
      {(isAdmin || isSelf) && (
        <ConfirmDialog
          title={isSelf ? "Leave the organization?" : `Remove ${username}?`}
          description={`${isSelf ? "You" : username} will lose access to the organization's packages, and every key ${isSelf ? "you" : "they"} made for it stops working at once.`}
          confirmLabel={isSelf ? "Leave" : "Remove"}
          danger
          trigger={{
            label: isSelf ? "Leave" : "Remove",
            ariaLabel: isSelf ? "Leave the organization" : `Remove ${username}`,
          }}
          onConfirm={async () => {
            const result = await actions.removeMember({ organizationId, userId });
            if (result.ok && isSelf) router.push("/organizations");
            return result;
          }}
        />
      )}
      <FormAlert message={error} className="w-full text-right text-sm text-red-700" />
    </div>
  );
}

type RevokeProps = {
  organizationId: string;
  keyId: string;
  keyName: string;
  revokeKey: OrganizationActions["revokeKey"];
};

export function RevokeOrganizationKey({ organizationId, keyId, keyName, revokeKey }: RevokeProps) {
  return (
    <ConfirmDialog
      title={`Revoke ${keyName}?`}
      description="The key stops working at once. Its creator and the organization's administrators are told by e-mail."
      confirmLabel="Revoke"
      danger
      trigger={{ label: "Revoke", ariaLabel: `Revoke ${keyName}` }}
      onConfirm={() => revokeKey({ organizationId, keyId })}
    />
  );
}
