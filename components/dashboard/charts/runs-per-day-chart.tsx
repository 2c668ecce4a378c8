import type { TRunsDay } from '@/server/dashboard/charts-schema';
import { barPercent, ChartFrame, ChartTable } from './chart-frame';

const OUTCOMES = [
  { key: 'succeeded', label: 'Succeeded', colour: 'bg-emerald-500' },
  { key: 'failed', label: 'Failed', colour: 'bg-rose-500' },
  { key: 'dead', label: 'Dead', colour: 'bg-rose-800' },
  { key: 'cancelled', label: 'Cancelled', colour: 'bg-slate-400' },
  { key: 'open', label: 'Still open', colour: 'bg-sky-400' },
] as const;

const totalOf = (day: TRunsDay) => OUTCOMES.reduce((sum, { key }) => sum + day[key], 0);

/** Runs started per UTC day, stacked by how they stand now. */
export function RunsPerDayChart({ days }: { days: TRunsDay[] }) {
  const max = Math.max(0, ...days.map(totalOf));
  return (
    <ChartFrame
      id="runs-per-day"
      title="Runs per day by outcome"
      description={`Runs started on each of the last ${days.length} days (UTC), by how they stand now.`}
      isEmpty={max === 0}
      empty="No runs in this period yet. Each day's runs will appear here as stacked bars: succeeded, failed, dead, cancelled and still open."
      drawing={
        <div>
          <div className="flex h-40 items-end gap-1">
            {days.map((day) => (
              <div key={day.day} className="flex h-full flex-1 flex-col-reverse" title={day.day}>
                {OUTCOMES.map(({ key, colour }) => (
                  <div key={key} className={colour} style={{ height: barPercent(day[key], max) }} />
                ))}
              </div>
            ))}
          </div>
          <div className="mt-1 flex justify-between text-[10px] text-slate-500">
            <span>{days[0]?.day}</span>
            <span>{days.at(-1)?.day}</span>
          </div>
          <ul className="mt-2 flex flex-wrap gap-3 text-xs text-slate-600">
            {OUTCOMES.map(({ key, label, colour }) => (
              <li key={key} className="flex items-center gap-1">
                <span className={`h-2 w-2 rounded-sm ${colour}`} />
                {label}
              </li>
            ))}
          </ul>
        </div>
      }
      table={
        <ChartTable
          caption="Runs per day by outcome"
          columns={['Day', ...OUTCOMES.map(({ label }) => label), 'Total']}
          rows={days.map((day) => ({
            key: day.day,
            cells: [day.day, ...OUTCOMES.map(({ key }) => day[key]), totalOf(day)],
          }))}
        />
      }
    />
  );
}
