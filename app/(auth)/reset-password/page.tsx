import type { Metadata } from "next";
import Link from "next/link";
import { AuthCard } from "@/components/auth-card";
import { ResetForm } from "./reset-form";

export const metadata: Metadata = { title: "Set a new password" };

type Props = { searchParams: Promise<{ token?: string | string[] }> };

export default async function ResetPasswordPage({ searchParams }: Props) {
  const { token } = await searchParams;
  return (
    <AuthCard title="Set a new password">
      {typeof token === "string" && /^[A-Za-z0-9_-]{20,200}$/.test(token) ? (
        <ResetForm token={token} />
      ) : (
        <p role="alert" className="text-sm text-red-800">
          This link is not complete. Open it from the mail again, or ask for a new one.
        </p>
      )}
      <p className="mt-4 text-sm">
        <Link href="/forgot-password" className="text-brand underline underline-offset-2">
          Ask for a new link
        </Link>
      </p>
    </AuthCard>
  );
}
