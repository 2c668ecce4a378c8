import type { TDecisionsHour } from '@/server/dashboard/charts-schema';
import { barPercent, ChartFrame, ChartTable } from './chart-frame';

/** `13:00` in UTC: the hour a bucket starts. */
export function formatHour(hour: Date): string {
  return `${hour.toISOString().slice(11, 16)} UTC`;
}

/** Review decisions per hour over the last 24 hours, approvals and rejections stacked. */
export function DecisionsPerHourChart({ hours }: { hours: TDecisionsHour[] }) {
  const totals = hours.map((hour) => hour.approved + hour.rejected);
  const max = Math.max(0, ...totals);
  const all = totals.reduce((sum, total) => sum + total, 0);
  return (
    <ChartFrame
      id="decisions-per-hour"
      title="Decisions per hour"
      description={`${all} review decisions in the last 24 hours (UTC hours, the current one last).`}
      isEmpty={all === 0}
      empty="No review decisions in the last 24 hours. Approvals and rejections will appear here hour by hour."
      drawing={
        <div>
          <div className="flex h-32 items-end gap-0.5">
            {hours.map((hour) => (
              <div
                key={hour.hour.toISOString()}
                className="flex h-full flex-1 flex-col-reverse"
                title={formatHour(hour.hour)}
              >
                <div
                  className="bg-emerald-500"
                  style={{ height: barPercent(hour.approved, max) }}
                />
                <div className="bg-rose-500" style={{ height: barPercent(hour.rejected, max) }} />
              </div>
            ))}
          </div>
          <ul className="mt-2 flex gap-3 text-xs text-slate-600">
            <li className="flex items-center gap-1">
              <span className="h-2 w-2 rounded-sm bg-emerald-500" />
              Approved
            </li>
            <li className="flex items-center gap-1">
              <span className="h-2 w-2 rounded-sm bg-rose-500" />
              Rejected
            </li>
          </ul>
        </div>
      }
      table={
        <ChartTable
          caption="Decisions per hour"
          columns={['Hour', 'Approved', 'Rejected']}
          rows={hours.map((hour) => ({
            key: hour.hour.toISOString(),
            cells: [formatHour(hour.hour), hour.approved, hour.rejected],
          }))}
        />
      }
    />
  );
}
