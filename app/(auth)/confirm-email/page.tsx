import type { Metadata } from "next";
import Link from "next/link";
import { AuthCard } from "@/components/auth-card";
import { ConfirmForm } from "./confirm-form";

export const metadata: Metadata = { title: "Confirm your e-mail address" };

type Props = { searchParams: Promise<{ token?: string | string[] }> };

export default async function ConfirmEmailPage({ searchParams }: Props) {
  const { token } = await searchParams;
  return (
    <AuthCard title="Confirm your e-mail address">
      {typeof token === "string" && /^[A-Za-z0-9_-]{20,200}$/.test(token) ? (
        <ConfirmForm token={token} />
      ) : (
        <p role="alert" className="text-sm text-red-800">
          This link is not complete. Open it from the mail again, or ask for a new one on your API keys page.
        </p>
      )}
      <p className="mt-4 text-sm">
        <Link href="/login" className="text-brand underline underline-offset-2">
          Sign in
        </Link>
      </p>
    </AuthCard>
  );
}
