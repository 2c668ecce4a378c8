import type { TFailureDay } from '@/server/dashboard/charts-schema';
import { ChartFrame, ChartTable } from './chart-frame';

/** A rate as people read it: `12.5%`, or a dash for a day with nothing finished. */
export function formatRate(rate: number | null): string {
  return rate === null ? '–' : `${(rate * 100).toFixed(1)}%`;
}

/** The share of each day's finished runs that failed or died, as a line. */
export function FailureRateChart({ days }: { days: TFailureDay[] }) {
  const finished = days.reduce((sum, day) => sum + day.finished, 0);
  const max = Math.max(0.05, ...days.map((day) => day.rate ?? 0));
  const width = 300;
  const height = 100;
  const step = days.length > 1 ? width / (days.length - 1) : 0;
  const points = days
    .map((day, index) =>
      day.rate === null
        ? null
        : `${(index * step).toFixed(1)},${(height - (day.rate / max) * height).toFixed(1)}`,
    )
    .filter((point) => point !== null);
  return (
    <ChartFrame
      id="failure-rate"
      title="Failure rate"
      description="Failed and dead runs over the finished ones, per day (UTC)."
      isEmpty={finished === 0}
      empty="No finished runs in this period yet. The share that failed or died will be drawn here, day by day."
      drawing={
        <div>
          <svg viewBox={`-4 -4 ${width + 8} ${height + 8}`} className="h-32 w-full">
            <title>Failure rate per day</title>
            <line x1="0" y1={height} x2={width} y2={height} className="stroke-slate-200" />
            <polyline
              points={points.join(' ')}
              fill="none"
              className="stroke-rose-500"
              strokeWidth="2"
            />
            {points.map((point) => {
              const [x, y] = point.split(',');
              return <circle key={point} cx={x} cy={y} r="2.5" className="fill-rose-500" />;
            })}
          </svg>
          <p className="mt-1 text-xs text-slate-500">
            Top of the chart: {formatRate(max)}. Last day: {formatRate(days.at(-1)?.rate ?? null)}
          </p>
        </div>
      }
      table={
        <ChartTable
          caption="Failure rate per day"
          columns={['Day', 'Failed or dead', 'Finished', 'Failure rate']}
          rows={days.map((day) => ({
            key: day.day,
            cells: [day.day, day.failed, day.finished, formatRate(day.rate)],
          }))}
        />
      }
    />
  );
}
