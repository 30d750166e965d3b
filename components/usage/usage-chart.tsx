import type { DailyUsage } from "@/lib/api-keys/views";

const DAY = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });
const label = (day: string) => DAY.format(new Date(`${day}T00:00:00Z`));
const percent = (n: number, max: number) => `${(n / max) * 100}%`;
/** Refusals are striped as well as red, so the two kinds of bar differ without colour. */
const REFUSED = "bg-red-600 bg-[repeating-linear-gradient(45deg,transparent_0_3px,rgba(255,255,255,0.55)_3px_6px)]";

/** Uses per day as stacked bars with axes; each day's figures show on hover and on keyboard focus. */
export function UsageChart({ daily }: { daily: DailyUsage[] }) {
  const succeeded = daily.reduce((n, d) => n + d.succeeded, 0);
  const refused = daily.reduce((n, d) => n + d.refused, 0);
  if (succeeded + refused === 0) {
    return <p className="text-gray-600">No uses in the last {daily.length} days, so there is nothing to chart yet.</p>;
  }
  const max = Math.max(1, ...daily.map((d) => d.succeeded + d.refused));
  const middle = daily[Math.floor(daily.length / 2)];
  return (
    <figure className="space-y-2 rounded-lg border border-gray-200 bg-white p-4 shadow-sm">
      <figcaption className="flex flex-wrap gap-x-4 gap-y-1 text-sm text-gray-700">
        <span className="font-medium text-gray-900">Uses per day, last {daily.length} days (UTC)</span>
        <span>
          <span aria-hidden="true" className="mr-1 inline-block size-3 bg-green-600 align-middle" />
          Succeeded: {succeeded}
        </span>
        <span>
          <span aria-hidden="true" className={`mr-1 inline-block size-3 align-middle ${REFUSED}`} />
          Refused (striped): {refused}
        </span>
      </figcaption>
      <div className="flex gap-2">
        <div aria-hidden="true" className="flex h-40 w-8 flex-col justify-between text-right text-xs text-gray-600">
          <span>{max}</span>
          <span>{max % 2 === 0 ? max / 2 : ""}</span>
          <span>0</span>
        </div>
        <ol aria-label="Uses per day" className="flex h-40 flex-1 items-end gap-px border-b border-l border-gray-400">
          {daily.map((d) => (
            <li
              key={d.day}
              tabIndex={0}
              aria-label={`${label(d.day)}: ${d.succeeded} succeeded, ${d.refused} refused`}
              className="group relative flex h-full flex-1 flex-col justify-end focus:outline-2 focus:outline-offset-1"
            >
              <span className={REFUSED} style={{ height: percent(d.refused, max) }} />
              <span className="bg-green-600" style={{ height: percent(d.succeeded, max) }} />
              <span
                aria-hidden="true"
                className="pointer-events-none absolute bottom-full left-1/2 z-10 mb-1 hidden -translate-x-1/2 rounded bg-gray-900 px-2 py-1 text-xs whitespace-nowrap text-white group-hover:block group-focus:block"
              >
                {label(d.day)}: {d.succeeded} ok, {d.refused} refused
              </span>
            </li>
          ))}
        </ol>
      </div>
      <div aria-hidden="true" className="ml-10 flex justify-between text-xs text-gray-600">
        <span>{daily[0] && label(daily[0].day)}</span>
        <span>{middle && label(middle.day)}</span>
        <span>{daily.at(-1) && label(daily.at(-1)!.day)}</span>
      </div>
    </figure>
  );
}
