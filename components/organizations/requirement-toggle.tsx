"use client";

import { useOptimistic, useState, useTransition } from "react";
import { callAction } from "@/components/forms/call-action";
import { FormAlert } from "@/components/forms/form-alert";
import type { TwoFactorRequirementInput } from "@/lib/organizations/schemas";
import type { Result } from "@/lib/result";

type Props = {
  organizationId: string;
  organizationName: string;
  required: boolean;
  setRequirement: (input: TwoFactorRequirementInput) => Promise<Result>;
};

/** The admins' switch: members need two-factor sign-in to create the organization's keys. */
export function RequirementToggle({ organizationId, organizationName, required, setRequirement }: Props) {
  const [shown, setShown] = useOptimistic(required);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const change = (next: boolean) =>
    startTransition(async () => {
      setShown(next);
      const result = await callAction(() => setRequirement({ organizationId, required: next }));
      setError(result.ok ? null : result.error);
    });
  return (
    <div className="rounded-lg border border-gray-200 bg-white p-5 shadow-sm">
      <div className="flex items-start gap-3">
        <input
          id="require-two-factor"
          type="checkbox"
          checked={shown}
          disabled={pending}
          onChange={(event) => change(event.target.checked)}
          aria-describedby="require-two-factor-hint"
          className="accent-brand mt-1 h-4 w-4"
        />
        <div>
          <label htmlFor="require-two-factor" className="font-medium">
            Require two-factor sign-in for members
          </label>
          <p id="require-two-factor-hint" className="text-sm text-gray-700">
            Members without it cannot create API keys for {organizationName} until they turn it on, and are told so by
            mail. Keys they already have keep working.
          </p>
        </div>
      </div>
      <FormAlert message={error ?? undefined} className="mt-3 text-sm text-red-700" />
    </div>
  );
}
