import type { ReactNode } from "react";

/** A page's one heading, with an optional line of introduction below it. */
export function PageTitle({ children, intro }: { children: ReactNode; intro?: ReactNode }) {
  return (
    <>
      <h1 className="text-3xl font-light text-gray-900">{children}</h1>
      {intro && <p className="text-sm text-gray-700">{intro}</p>}
    </>
  );
}
