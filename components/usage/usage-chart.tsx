import type { DailyUsage } from "@/lib/api-keys/views";

const WIDTH = 600;
const HEIGHT = 140;

/** Uses per day as stacked bars: successes below, refusals above. */
export function UsageChart({ daily }: { daily: DailyUsage[] }) {
  const max = Math.max(1, ...daily.map((d) => d.succeeded + d.refused));
  const barWidth = WIDTH / daily.length;
  const succeeded = daily.reduce((n, d) => n + d.succeeded, 0);
  const refused = daily.reduce((n, d) => n + d.refused, 0);
  const scale = (n: number) => (n / max) * (HEIGHT - 10);
  return (
    <figure className="space-y-2">
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-label={`Uses per day over the last ${daily.length} days: ${succeeded} succeeded, ${refused} refused`}
        className="h-36 w-full rounded border border-gray-200 bg-white"
        preserveAspectRatio="none"
      >
        {daily.map((d, i) => {
          const ok = scale(d.succeeded);
          const bad = scale(d.refused);
          return (
            <g key={d.day}>
              <title>{`${d.day}: ${d.succeeded} succeeded, ${d.refused} refused`}</title>
              <rect x={i * barWidth + 2} y={HEIGHT - ok} width={barWidth - 4} height={ok} className="fill-green-600" />
              <rect
                x={i * barWidth + 2}
                y={HEIGHT - ok - bad}
                width={barWidth - 4}
                height={bad}
                className="fill-red-500"
              />
            </g>
          );
        })}
      </svg>
      <figcaption className="flex gap-4 text-xs text-gray-700">
        <span>
          <span aria-hidden="true" className="mr-1 inline-block size-2.5 bg-green-600" />
          Succeeded: {succeeded}
        </span>
        <span>
          <span aria-hidden="true" className="mr-1 inline-block size-2.5 bg-red-500" />
          Refused: {refused}
        </span>
        <span className="ml-auto">
          {daily[0]?.day} to {daily.at(-1)?.day} (UTC)
        </span>
      </figcaption>
    </figure>
  );
}
