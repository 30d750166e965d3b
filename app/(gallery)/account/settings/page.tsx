import type { Metadata } from "next";
import { PageTitle } from "@/components/page-title";
import { requireUser } from "@/lib/auth/session";
import { DeleteAccountSection } from "./delete-account-section";
import { EmailSection } from "./email-section";
import { PasswordSection } from "./password-section";
import { SessionsSection } from "./sessions-section";
import { TwoFactorSection } from "./two-factor-section";

export const metadata: Metadata = { title: "Account settings" };

export default async function AccountSettingsPage() {
  const user = await requireUser();
  return (
    <div className="space-y-8">
      <PageTitle intro={<>Signed in as {user.username}.</>}>Account settings</PageTitle>
      <EmailSection user={user} />
      <PasswordSection user={user} />
      <TwoFactorSection user={user} />
      <SessionsSection user={user} />
      <DeleteAccountSection user={user} />
    </div>
  );
}
