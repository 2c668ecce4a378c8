-- The durable engine (issue 3): steps waiting out a backoff, sleeps and event waits, and the
-- events that wake waiting runs.

-- A step whose attempt failed and that will be tried again after its backoff.
ALTER TYPE "StepStatus" ADD VALUE 'retrying' AFTER 'running';

-- When a sleeping step wakes, or a waiting step times out; what a waiting step waits for.
ALTER TABLE "step_checkpoints" ADD COLUMN "wake_at" TIMESTAMPTZ(3);
ALTER TABLE "step_checkpoints" ADD COLUMN "wait_event" TEXT;
ALTER TABLE "step_checkpoints" ADD COLUMN "wait_match" JSONB;

-- Steps waiting for an event, found by name when the event arrives.
CREATE INDEX "step_checkpoints_waiting_idx" ON "step_checkpoints"("wait_event", "status");

-- Every event sent to the engine (a reviewer's decision, an external signal).
CREATE TABLE "events" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "name" TEXT NOT NULL,
    "data" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "events_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "events_name_created_at_idx" ON "events"("name", "created_at");
