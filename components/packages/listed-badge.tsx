import { clsx } from "clsx";

export function ListedBadge({ listed }: { listed: boolean }) {
  return (
    <span
      className={clsx(
        "rounded-full px-2 py-0.5 text-xs font-semibold whitespace-nowrap",
        listed ? "bg-green-100 text-green-800" : "bg-gray-200 text-gray-700",
      )}
    >
      {listed ? "Listed" : "Unlisted"}
    </span>
  );
}
