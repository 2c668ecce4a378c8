-- A run waiting for a person (needs_review) waits like any other: when its wait times out, a
-- worker claims it and the wait returns null. The claim reads due runs from this partial index,
-- so the index must hold them too.
DROP INDEX "runs_due_idx";
CREATE INDEX "runs_due_idx" ON "runs"("priority" DESC, "run_after") WHERE status IN ('queued', 'sleeping', 'waiting', 'needs_review');
