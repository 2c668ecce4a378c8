-- A review item is opened by one step of a run (the gate, or the planner when no plan passed its
-- checks). The step may run again after a crash; the unique key makes opening the item idempotent.
ALTER TABLE "review_items" ADD COLUMN "step_id" TEXT NOT NULL;
CREATE UNIQUE INDEX "review_items_run_step_key" ON "review_items" ("run_id", "step_id");
DROP INDEX "review_items_run_idx";
