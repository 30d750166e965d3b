import type { PolicyState } from "@/lib/trusted-publishing/policy-rules";

function stateText(state: PolicyState): { text: string; tone: string } {
  switch (state.kind) {
    case "active":
      return { text: "Active", tone: "bg-green-100 text-green-900" };
    case "pending":
      return {
        text: `Pending first use: ${state.daysLeft} day${state.daysLeft === 1 ? "" : "s"} left`,
        tone: "bg-amber-100 text-amber-900",
      };
    case "expired-pending":
      return { text: "Inactive: not used within 7 days, re-activate it", tone: "bg-red-100 text-red-900" };
    case "inactive":
      return {
        text: "Inactive: you are no longer a member of its package owner",
        tone: "bg-red-100 text-red-900",
      };
  }
}

/** A policy's state as a coloured label. */
export function PolicyStateBadge({ state }: { state: PolicyState }) {
  const { text, tone } = stateText(state);
  return <span className={`rounded px-2 py-0.5 text-xs font-medium ${tone}`}>{text}</span>;
}
