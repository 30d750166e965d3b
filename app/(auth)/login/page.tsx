import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { githubEnabled } from "@/lib/auth/config";
import { safeCallbackUrl } from "@/lib/auth/schemas";
import { currentUser } from "@/lib/auth/session";
import { Logo } from "@/components/logo";
import { LoginForm } from "./login-form";
import { loginWithGitHub } from "./actions";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const callbackUrl = safeCallbackUrl((await searchParams).callbackUrl);
  if (await currentUser()) redirect(callbackUrl);
  return (
    <main className="bg-brand-light/60 flex min-h-screen flex-col items-center px-4 pt-16">
      <div className="bg-brand mb-8 rounded px-4 py-2">
        <Logo />
      </div>
      <section className="w-full max-w-sm rounded-lg border border-gray-200 bg-white p-8 shadow-sm">
        <h1 className="mb-6 text-2xl font-semibold text-gray-900">Sign in</h1>
        <LoginForm callbackUrl={callbackUrl} />
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
      </section>
    </main>
  );
}
