-- Workers claim due runs in priority order; this partial index holds exactly the claimable runs
-- in that order, so a claim reads a few index entries instead of sorting the whole queue.
CREATE INDEX "runs_due_idx" ON "runs"("priority" DESC, "run_after") WHERE status IN ('queued', 'sleeping', 'waiting');
