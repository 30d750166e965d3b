import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import * as z from "zod/mini";
import { Logo } from "@/components/logo";
import { MailList } from "@/components/mail-list";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { config } from "@/lib/config";
import { db } from "@/lib/db/client";
import { listOutbox } from "@/lib/db/outbox";

export const metadata: Metadata = { title: "Demo mailbox" };

type Props = { searchParams: Promise<{ to?: string | string[] }> };

const address = z.email().check(z.maxLength(254), z.toLowerCase());

/**
 * Demo mode only: anyone's mail, for the links a signed-out person needs (confirmation, reset, invitation).
 * A demo gallery has no secrets to keep; `npm start` without DEMO_MODE has no such page.
 */
export default async function DemoMailboxPage({ searchParams }: Props) {
  if (!config.demoMode) notFound();
  const { to } = await searchParams;
  const parsed = address.safeParse(to);
  const mails = parsed.success ? await listOutbox(db, parsed.data) : null;
  return (
    <main id="main" className="bg-brand-light/60 min-h-screen px-4 py-10">
      <div className="mx-auto max-w-3xl space-y-6">
        <div className="bg-brand inline-block rounded px-4 py-2">
          <Logo />
        </div>
        <h1 className="text-3xl font-light text-gray-900">Demo mailbox</h1>
        <p className="text-sm text-gray-700">
          This demo gallery sends no mail: it keeps it here. Type an address to read what was sent to it, such as the
          confirmation, password-reset and invitation links.
        </p>
        <form method="get" className="flex flex-wrap items-end gap-3">
          <Field
            label="E-mail address"
            id="to"
            className="min-w-64 flex-1"
            error={typeof to === "string" && !parsed.success ? "Enter a valid e-mail address." : undefined}
          >
            <input id="to" name="to" type="email" defaultValue={typeof to === "string" ? to : ""} />
          </Field>
          <Button type="submit">Open mailbox</Button>
        </form>
        {mails && (
          <section aria-label={`Mail to ${parsed.data}`}>
            <MailList mails={mails} />
          </section>
        )}
        <p className="text-sm">
          <Link href="/login" className="text-brand underline underline-offset-2">
            Sign in
          </Link>
        </p>
      </div>
    </main>
  );
}
