-- The review console's queue (server/review/queue): open items oldest first, paged on
-- (created_at, id), read in index order instead of sorting every open item per page.
CREATE INDEX "review_items_open_queue_idx" ON "review_items" ("created_at", "id")
  WHERE "status" IN ('pending', 'escalated');

-- The queue's reason filter: `reasons @> '[{"code": "..."}]'` among the open items.
CREATE INDEX "review_items_open_reasons_idx" ON "review_items" USING GIN ("reasons" jsonb_path_ops)
  WHERE "status" IN ('pending', 'escalated');

-- A reviewer's decisions by time, for the pace of their current sitting.
CREATE INDEX "review_items_decided_by_idx" ON "review_items" ("decided_by_id", "decided_at")
  WHERE "decided_by_id" IS NOT NULL;
