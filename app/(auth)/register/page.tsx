import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth-card";
import { currentUser } from "@/lib/auth/session";
import { config } from "@/lib/config";
import { db } from "@/lib/db/client";
import { findInvitationForRegistration } from "@/lib/organizations/invitations";
import { RegisterForm } from "./register-form";

export const metadata: Metadata = { title: "Create an account" };

type Props = { searchParams: Promise<{ invitation?: string | string[] }> };

const TOKEN = /^[A-Za-z0-9_-]{20,200}$/;

export default async function RegisterPage({ searchParams }: Props) {
  if (await currentUser()) redirect("/account/apikeys");
  const { invitation: param } = await searchParams;
  const token = typeof param === "string" && TOKEN.test(param) ? param : undefined;
  const invitation = token ? await findInvitationForRegistration(db, token) : null;
  const signIn = (
    <p className="mt-4 text-sm">
      Have an account?{" "}
      <Link href="/login" className="text-brand underline underline-offset-2">
        Sign in
      </Link>
    </p>
  );
  if (!config.registrationOpen && !invitation) {
    return (
      <AuthCard title="Sign-up is closed">
        <p className="text-sm text-gray-800">
          This gallery creates accounts by invitation only. Ask an administrator of your organization to invite you; the
          invitation mail has a link to register.
        </p>
        {token && (
          <p role="alert" className="mt-3 text-sm text-red-800">
            This invitation has expired, was cancelled or was already used.
          </p>
        )}
        {signIn}
      </AuthCard>
    );
  }
  return (
    <AuthCard title="Create an account">
      {invitation && (
        <p role="status" className="mb-4 rounded border border-green-300 bg-green-50 px-3 py-2 text-sm text-green-900">
          You are invited to join <strong>{invitation.organization}</strong>. Register with {invitation.email} and the
          invitation will be waiting for you.
        </p>
      )}
      {token && !invitation && (
        <p role="alert" className="mb-4 rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          This invitation has expired, was cancelled or was already used. You can still register.
        </p>
      )}
      <RegisterForm invitation={invitation ? token : undefined} email={invitation?.email} />
      {signIn}
    </AuthCard>
  );
}
