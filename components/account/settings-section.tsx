import { clsx } from "clsx";
import type { ReactNode } from "react";

type Props = {
  id: string;
  title: string;
  intro?: ReactNode;
  /** The danger zone: red-edged, for what cannot be undone. */
  danger?: boolean;
  children: ReactNode;
};

/** One section of the settings page: a titled card, named by its heading. */
export function SettingsSection({ id, title, intro, danger, children }: Props) {
  return (
    <section
      aria-labelledby={`${id}-heading`}
      className={clsx(
        "space-y-4 rounded-lg border bg-white p-5 shadow-sm",
        danger ? "border-red-300" : "border-gray-200",
      )}
    >
      <div className="space-y-1">
        <h2 id={`${id}-heading`} className={clsx("text-xl font-semibold", danger && "text-red-800")}>
          {title}
        </h2>
        {intro && <div className="text-sm text-gray-700">{intro}</div>}
      </div>
      {children}
    </section>
  );
}
