"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import {
  addMemberAction,
  removeMemberAction,
  revokeOrganizationKeyAction,
  setRoleAction,
} from "@/app/(gallery)/organizations/actions";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Field } from "@/components/ui/field";
import type { FieldErrors } from "@/lib/auth/session";
import { ROLES, ROLE_LABELS } from "@/lib/organizations/schemas";

type Role = (typeof ROLES)[number];

export function AddMemberForm({ organizationId }: { organizationId: string }) {
  const [errors, setErrors] = useState<FieldErrors>({});
  const [done, setDone] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const submit = (form: FormData) =>
    start(async () => {
      const email = String(form.get("email"));
      const result = await addMemberAction({ organizationId, email, role: String(form.get("role")) as Role });
      if (!result.ok) {
        setDone(null);
        return setErrors(result.fieldErrors ?? { form: [result.error] });
      }
      setErrors({});
      setDone(`Added ${email}.`);
    });
  return (
    <form action={submit} noValidate className="grid gap-4 sm:grid-cols-[2fr_1fr_auto] sm:items-start">
      <Field label="Member e-mail" id="member-email" error={errors.email?.[0]}>
        <input id="member-email" name="email" type="email" autoComplete="off" />
      </Field>
      <Field label="Role" id="member-role" error={errors.role?.[0]}>
        <select id="member-role" name="role" defaultValue="collaborator">
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {ROLE_LABELS[r]}
            </option>
          ))}
        </select>
      </Field>
      <Button type="submit" disabled={pending} className="sm:mt-6">
        Add member
      </Button>
      <p role="status" className="text-sm text-green-800 sm:col-span-3">
        {done}
      </p>
      {errors.form && (
        <p role="alert" className="text-sm text-red-700 sm:col-span-3">
          {errors.form[0]}
        </p>
      )}
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
};

export function MemberControls({ organizationId, userId, username, role, isAdmin, isSelf }: MemberProps) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const changeRole = (next: Role) =>
    start(async () => {
      const result = await setRoleAction({ organizationId, userId, role: next });
      setError(result.ok ? null : result.error);
    });
  return (
    <div className="flex flex-wrap items-center justify-end gap-2">
      {isAdmin ? (
        <select
          aria-label={`Role of ${username}`}
          value={role}
          disabled={pending}
          onChange={(e) => changeRole(e.target.value as Role)}
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
          trigger={(open) => (
            <Button
              variant="secondary"
              onClick={open}
              aria-label={isSelf ? "Leave the organization" : `Remove ${username}`}
            >
              {isSelf ? "Leave" : "Remove"}
            </Button>
          )}
          onConfirm={async () => {
            const result = await removeMemberAction({ organizationId, userId });
            if (!result.ok) return result.error;
            if (isSelf) router.push("/organizations");
            return null;
          }}
        />
      )}
      {error && (
        <p role="alert" className="w-full text-right text-sm text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}

export function RevokeOrganizationKey({
  organizationId,
  keyId,
  keyName,
}: {
  organizationId: string;
  keyId: string;
  keyName: string;
}) {
  return (
    <ConfirmDialog
      title={`Revoke ${keyName}?`}
      description="The key stops working at once. Its creator and the organization's administrators are told by e-mail."
      confirmLabel="Revoke"
      danger
      trigger={(open) => (
        <Button variant="secondary" onClick={open} aria-label={`Revoke ${keyName}`}>
          Revoke
        </Button>
      )}
      onConfirm={async () => {
        const result = await revokeOrganizationKeyAction({ organizationId, keyId });
        return result.ok ? null : result.error;
      }}
    />
  );
}
