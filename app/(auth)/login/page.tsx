import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { githubEnabled } from "@/lib/auth/config";
import { safeCallbackUrl } from "@/lib/auth/schemas";
import { currentUser } from "@/lib/auth/session";
import Link from "next/link";
import { AuthCard } from "@/components/auth-card";
import { LoginForm } from "./login-form";
import { loginWithGitHub } from "./actions";

export const metadata: Metadata = { title: "Sign in" };

type Props = { searchParams: Promise<{ callbackUrl?: string; reset?: string; error?: string }> };

export default async function LoginPage({ searchParams }: Props) {
  const params = await searchParams;
  const callbackUrl = safeCallbackUrl(params.callbackUrl);
  if (await currentUser()) redirect(callbackUrl);
  return (
    <AuthCard title="Sign in">
      {params.reset === "done" && (
        <p role="status" className="mb-4 rounded border border-green-300 bg-green-50 px-3 py-2 text-sm text-green-900">
          Your password is changed and every session of the account has ended. Sign in with the new password.
        </p>
      )}
      {params.error === "AccessDenied" && (
        <p role="alert" className="mb-4 rounded border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800">
          GitHub sign-in found no account it may open. Accounts with two-factor sign-in sign in with their password and
          a code.
        </p>
      )}
      <LoginForm callbackUrl={callbackUrl} />
      <p className="mt-4 text-sm">
        <Link href="/forgot-password" className="text-brand underline underline-offset-2">
          Forgot your password?
        </Link>
      </p>
      {githubEnabled && (
        <form action={loginWithGitHub} className="mt-4">
          <input type="hidden" name="callbackUrl" value={callbackUrl} />
          <button
            type="submit"
            className="w-full rounded border border-gray-300 px-4 py-2 text-sm font-medium hover:bg-gray-50"
          >
            Sign in with GitHub
          </button>
        </form>
      )}
    </AuthCard>
  );
}
