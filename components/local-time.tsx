"use client";

import { useSyncExternalStore } from "react";

const FORMATS = {
  date: { day: "numeric", month: "short", year: "numeric" },
  datetime: { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit" },
} as const satisfies Record<string, Intl.DateTimeFormatOptions>;

const noChange = () => () => undefined;
const viewerZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** A moment in the viewer's own time zone (UTC until the browser says which), as a machine-readable <time>. */
export function LocalTime({ value, format = "datetime" }: { value: Date; format?: keyof typeof FORMATS }) {
  const timeZone = useSyncExternalStore(noChange, viewerZone, () => "UTC");
  const text = new Intl.DateTimeFormat("en-GB", { ...FORMATS[format], timeZone }).format(value);
  return (
    <time dateTime={value.toISOString()} title={`${value.toISOString().replace("T", " ").slice(0, 16)} UTC`}>
      {text}
      {timeZone === "UTC" ? " UTC" : ""}
    </time>
  );
}
