import type { Metadata } from "next";
import Link from "next/link";
import { AuthCard } from "@/components/auth-card";
import { ForgotForm } from "./forgot-form";

export const metadata: Metadata = { title: "Forgot your password" };

export default function ForgotPasswordPage() {
  return (
    <AuthCard title="Forgot your password?">
      <p className="mb-4 text-sm text-gray-700">Enter the address you sign in with and we mail you a link.</p>
      <ForgotForm />
      <p className="mt-4 text-sm">
        <Link href="/login" className="text-brand underline underline-offset-2">
          Back to sign in
        </Link>
      </p>
    </AuthCard>
  );
}
