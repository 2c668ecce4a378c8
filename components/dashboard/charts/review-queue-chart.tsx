import type { TReviewQueue } from '@/server/dashboard/charts-schema';
import { barPercent, ChartFrame, ChartTable } from './chart-frame';
import { formatAge } from './dead-letter-groups-chart';

const BUCKET_LABELS: Record<TReviewQueue['buckets'][number]['bucket'], string> = {
  under1h: 'Under 1 h',
  from1hTo24h: '1–24 h',
  from1dTo7d: '1–7 d',
  over7d: 'Over 7 d',
};

/** How many items wait for a decision, by how long they have waited. */
export function ReviewQueueChart({ queue }: { queue: TReviewQueue }) {
  const max = Math.max(0, ...queue.buckets.map((bucket) => bucket.count));
  const oldest = queue.oldestAgeSeconds === null ? '–' : formatAge(queue.oldestAgeSeconds);
  return (
    <ChartFrame
      id="review-queue"
      title="Review queue by age"
      description={`${queue.open} items waiting (pending or escalated); the oldest has waited ${oldest}.`}
      isEmpty={queue.open === 0}
      empty="Nothing waits for review. Flagged runs will appear here by how long they have waited."
      drawing={
        <div className="flex h-32 items-end gap-3">
          {queue.buckets.map((bucket) => (
            <div
              key={bucket.bucket}
              className="flex h-full flex-1 flex-col justify-end text-center"
            >
              <span className="text-xs tabular-nums text-slate-700">{bucket.count}</span>
              <div
                className={bucket.bucket === 'over7d' ? 'bg-rose-500' : 'bg-amber-500'}
                style={{ height: barPercent(bucket.count, max) }}
              />
              <span className="mt-1 text-[10px] text-slate-500">
                {BUCKET_LABELS[bucket.bucket]}
              </span>
            </div>
          ))}
        </div>
      }
      table={
        <ChartTable
          caption="Review queue by age"
          columns={['Waiting for', 'Items']}
          rows={[
            ...queue.buckets.map((bucket) => ({
              key: bucket.bucket,
              cells: [BUCKET_LABELS[bucket.bucket], bucket.count],
            })),
            { key: 'total', cells: ['All open items', queue.open] },
            { key: 'oldest', cells: ['Oldest item waited', oldest] },
          ]}
        />
      }
    />
  );
}
