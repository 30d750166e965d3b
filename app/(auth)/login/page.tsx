import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { githubEnabled } from "@/lib/auth/config";
import { safeCallbackUrl } from "@/lib/auth/schemas";
import { currentUser } from "@/lib/auth/session";
import { config } from "@/lib/config";
import Link from "next/link";
import { AuthCard } from "@/components/auth-card";
import { LoginForm } from "./login-form";
import { loginWithGitHub } from "./actions";

export const metadata: Metadata = { title: "Sign in" };

type Props = {
  searchParams: Promise<{ callbackUrl?: string; reset?: string; error?: string; signedout?: string }>;
};

/** Why this browser is back at sign-in, after an account change that ended its session. */
const SIGNED_OUT: Record<string, string> = {
  everywhere: "Every session of your account has ended, this one included.",
  deleted: "Your account is deleted. A mail to its address confirms it.",
};

/** Why a sign-in with GitHub was turned away, by the code lib/auth/config.ts puts in the URL. */
const GITHUB_ERRORS: Record<string, string> = {
  "github-closed": "No account has your GitHub e-mail address, and sign-up is closed. Ask for an invitation.",
  "github-2fa": "Your account has two-factor sign-in on: sign in with your password and authentication code.",
  "github-unverified": "GitHub has no verified e-mail address for you. Verify one there, then try again.",
};

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
      {params.signedout && SIGNED_OUT[params.signedout] && (
        <p role="status" className="mb-4 rounded border border-green-300 bg-green-50 px-3 py-2 text-sm text-green-900">
          {SIGNED_OUT[params.signedout]}
        </p>
      )}
      {params.error && GITHUB_ERRORS[params.error] && (
        <p role="alert" className="mb-4 rounded border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800">
          {GITHUB_ERRORS[params.error]}
        </p>
      )}
      <LoginForm callbackUrl={callbackUrl} />
      <p className="mt-4 flex flex-wrap justify-between gap-2 text-sm">
        <Link href="/forgot-password" className="text-brand underline underline-offset-2">
          Forgot your password?
        </Link>
        {config.registrationOpen && (
          <Link href="/register" className="text-brand underline underline-offset-2">
            Create an account
          </Link>
        )}
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
