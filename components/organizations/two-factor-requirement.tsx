import Link from "next/link";
import type { SessionUser } from "@/lib/auth/views";
import type { TwoFactorRequirementInput } from "@/lib/organizations/schemas";
import type { OrganizationView } from "@/lib/organizations/views";
import type { Result } from "@/lib/result";
import { RequirementToggle } from "./requirement-toggle";

type Props = {
  org: Pick<OrganizationView, "id" | "username" | "requireTwoFactor" | "myRole">;
  user: Pick<SessionUser, "twoFactorEnabled">;
  setRequirement: (input: TwoFactorRequirementInput) => Promise<Result>;
};

/** Whether members need two-factor sign-in: a notice for those who lack it, and the switch for admins. */
export function TwoFactorRequirement({ org, user, setRequirement }: Props) {
  const blocked = org.requireTwoFactor && !user.twoFactorEnabled;
  if (org.myRole !== "admin" && !blocked) return null;
  return (
    <section aria-label="Two-factor sign-in" className="space-y-3">
      {blocked && (
        <p role="status" className="rounded border border-amber-400 bg-amber-50 px-4 py-3 text-sm text-amber-900">
          {org.username} requires two-factor sign-in for its members. Until you{" "}
          <Link href="/account/settings" className="font-medium underline underline-offset-2">
            turn it on in your account settings
          </Link>
          , you cannot create API keys for {org.username}.
        </p>
      )}
      {org.myRole === "admin" && (
        <RequirementToggle
          organizationId={org.id}
          organizationName={org.username}
          required={org.requireTwoFactor}
          setRequirement={setRequirement}
        />
      )}
    </section>
  );
}
