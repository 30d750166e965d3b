import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { AuthCard } from "@/components/auth-card";
import { config } from "@/lib/config";
import { ForgotForm } from "./forgot-form";

export const metadata: Metadata = { title: "Forgot your password" };

export default async function ForgotPasswordPage() {
  await connection();
  return (
    <AuthCard title="Forgot your password?">
      <p className="mb-4 text-sm text-gray-700">Enter the address you sign in with and we mail you a link.</p>
      <ForgotForm demoMailbox={config.demoMode} />
      <p className="mt-4 text-sm">
        <Link href="/login" className="text-brand underline underline-offset-2">
          Back to sign in
        </Link>
      </p>
    </AuthCard>
  );
}
