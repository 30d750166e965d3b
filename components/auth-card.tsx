import type { ReactNode } from "react";
import { Logo } from "./logo";

/** The frame of the signed-out pages: the logo, then one card. */
export function AuthCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <main id="main" className="bg-brand-light/60 flex min-h-screen flex-col items-center px-4 pt-16">
      <div className="bg-brand mb-8 rounded px-4 py-2">
        <Logo />
      </div>
      <section className="w-full max-w-sm rounded-lg border border-gray-200 bg-white p-8 shadow-sm">
        <h1 className="mb-6 text-2xl font-semibold text-gray-900">{title}</h1>
        {children}
      </section>
    </main>
  );
}
