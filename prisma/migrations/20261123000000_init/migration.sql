-- Steward's core records: users, runs, step checkpoints, model calls, validation results,
-- review items, dead letters and the audit trail (DESIGN.md section 10).

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('requester', 'reviewer', 'operations', 'admin');
CREATE TYPE "RunStatus" AS ENUM ('queued', 'running', 'sleeping', 'waiting', 'needs_review', 'needs_reconciliation', 'succeeded', 'failed', 'dead', 'cancelled');
CREATE TYPE "Engine" AS ENUM ('embedded', 'inngest');
CREATE TYPE "ReplayMode" AS ENUM ('from_failed_step', 'from_start', 'with_input');
CREATE TYPE "StepKind" AS ENUM ('plan', 'tool', 'validate', 'gate', 'sleep', 'wait', 'compensate');
CREATE TYPE "StepStatus" AS ENUM ('running', 'succeeded', 'failed', 'sleeping', 'waiting', 'compensated');
CREATE TYPE "RuleSeverity" AS ENUM ('info', 'warning', 'error');
CREATE TYPE "ReviewStatus" AS ENUM ('pending', 'approved', 'rejected', 'expired', 'escalated', 'superseded');
CREATE TYPE "Risk" AS ENUM ('low', 'medium', 'high');
CREATE TYPE "DeadLetterResolution" AS ENUM ('replayed', 'discarded');

-- CreateTable
CREATE TABLE "users" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "role" "Role" NOT NULL DEFAULT 'requester',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "runs" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "workflow_id" TEXT NOT NULL,
    "workflow_version" INTEGER NOT NULL,
    "status" "RunStatus" NOT NULL DEFAULT 'queued',
    "input" JSONB NOT NULL,
    "output" JSONB,
    "error" JSONB,
    "engine" "Engine" NOT NULL DEFAULT 'embedded',
    "requested_by_id" UUID,
    "replay_of_id" UUID,
    "replay_mode" "ReplayMode",
    "priority" INTEGER NOT NULL DEFAULT 0,
    "run_after" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lease_token" UUID,
    "lease_owner" TEXT,
    "lease_expires_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "runs_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "step_checkpoints" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "run_id" UUID NOT NULL,
    "step_id" TEXT NOT NULL,
    "kind" "StepKind" NOT NULL,
    "tool_name" TEXT,
    "status" "StepStatus" NOT NULL,
    "attempt_count" INTEGER NOT NULL DEFAULT 0,
    "attempts" JSONB NOT NULL DEFAULT '[]',
    "output" JSONB,
    "error" JSONB,
    "idempotency_key" TEXT,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "step_checkpoints_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "model_calls" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "run_id" UUID,
    "step_id" TEXT,
    "provider" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "prompt" JSONB NOT NULL,
    "raw_response" TEXT,
    "parsed_plan" JSONB,
    "check_results" JSONB,
    "input_tokens" INTEGER,
    "output_tokens" INTEGER,
    "latency_ms" INTEGER NOT NULL,
    "error" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "model_calls_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "validation_results" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "run_id" UUID NOT NULL,
    "step_id" TEXT,
    "rule" TEXT NOT NULL,
    "severity" "RuleSeverity" NOT NULL,
    "passed" BOOLEAN NOT NULL,
    "message" TEXT NOT NULL,
    "details" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "validation_results_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "review_items" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "run_id" UUID NOT NULL,
    "status" "ReviewStatus" NOT NULL DEFAULT 'pending',
    "risk" "Risk" NOT NULL,
    "reasons" JSONB NOT NULL,
    "proposed_writes" JSONB NOT NULL,
    "writes_hash" TEXT NOT NULL,
    "decided_by_id" UUID,
    "decided_at" TIMESTAMPTZ(3),
    "reason_code" TEXT,
    "note" TEXT,
    "time_on_item_ms" INTEGER,
    "expires_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "review_items_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "dead_letters" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "run_id" UUID NOT NULL,
    "step_id" TEXT NOT NULL,
    "error_class" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "stack" TEXT,
    "attempts" INTEGER NOT NULL,
    "input" JSONB NOT NULL,
    "group_key" TEXT NOT NULL,
    "resolution" "DeadLetterResolution",
    "resolved_by_id" UUID,
    "resolved_at" TIMESTAMPTZ(3),
    "resolution_note" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "dead_letters_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "audit_events" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor_id" UUID,
    "action" TEXT NOT NULL,
    "subject_type" TEXT NOT NULL,
    "subject_id" TEXT NOT NULL,
    "data" JSONB NOT NULL DEFAULT '{}',
    "prev_hash" TEXT,
    "hash" TEXT NOT NULL,

    CONSTRAINT "audit_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "users_email_key" ON "users"("email");
CREATE INDEX "runs_claim_idx" ON "runs"("status", "run_after", "priority");
CREATE INDEX "runs_workflow_status_idx" ON "runs"("workflow_id", "status");
CREATE INDEX "runs_requested_by_idx" ON "runs"("requested_by_id");
CREATE INDEX "runs_replay_of_idx" ON "runs"("replay_of_id");
CREATE INDEX "runs_created_at_idx" ON "runs"("created_at");
CREATE UNIQUE INDEX "step_checkpoints_idempotency_key_key" ON "step_checkpoints"("idempotency_key");
CREATE UNIQUE INDEX "step_checkpoints_run_step_key" ON "step_checkpoints"("run_id", "step_id");
CREATE INDEX "model_calls_run_idx" ON "model_calls"("run_id", "created_at");
CREATE INDEX "validation_results_run_idx" ON "validation_results"("run_id");
CREATE INDEX "review_items_queue_idx" ON "review_items"("status", "created_at");
CREATE INDEX "review_items_run_idx" ON "review_items"("run_id");
CREATE INDEX "dead_letters_group_idx" ON "dead_letters"("group_key", "created_at");
CREATE INDEX "dead_letters_open_idx" ON "dead_letters"("resolved_at", "created_at");
CREATE INDEX "dead_letters_run_idx" ON "dead_letters"("run_id");
CREATE UNIQUE INDEX "audit_events_hash_key" ON "audit_events"("hash");
CREATE INDEX "audit_events_subject_idx" ON "audit_events"("subject_type", "subject_id");
CREATE INDEX "audit_events_actor_idx" ON "audit_events"("actor_id");

-- AddForeignKey
ALTER TABLE "runs" ADD CONSTRAINT "runs_requested_by_id_fkey" FOREIGN KEY ("requested_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "runs" ADD CONSTRAINT "runs_replay_of_id_fkey" FOREIGN KEY ("replay_of_id") REFERENCES "runs"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "step_checkpoints" ADD CONSTRAINT "step_checkpoints_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "model_calls" ADD CONSTRAINT "model_calls_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "validation_results" ADD CONSTRAINT "validation_results_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "review_items" ADD CONSTRAINT "review_items_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "review_items" ADD CONSTRAINT "review_items_decided_by_id_fkey" FOREIGN KEY ("decided_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "dead_letters" ADD CONSTRAINT "dead_letters_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "dead_letters" ADD CONSTRAINT "dead_letters_resolved_by_id_fkey" FOREIGN KEY ("resolved_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_actor_id_fkey" FOREIGN KEY ("actor_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
