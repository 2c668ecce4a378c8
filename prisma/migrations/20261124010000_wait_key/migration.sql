-- An event wakes the waits whose match its data contains. Finding them by containment alone
-- reads every open wait for the event's name (thousands when thousands of review items are
-- pending, for each decision). So each wait also records one key of its match, `name=value` for
-- its first top-level string or boolean field (NULL when it has none), and an event looks up the
-- waits whose key is one of its own top-level pairs (or NULL) through an index, checking
-- containment only on those: a wait whose match the data contains has that pair in the data.
CREATE FUNCTION steward_match_keys(data jsonb) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT COALESCE(array_agg(key || '=' || value::text ORDER BY key), '{}')
  FROM jsonb_each(CASE WHEN jsonb_typeof(data) = 'object' THEN data ELSE '{}'::jsonb END)
  WHERE jsonb_typeof(value) IN ('string', 'boolean')
$$;

ALTER TABLE "step_checkpoints" ADD COLUMN "wait_key" TEXT;
UPDATE "step_checkpoints" SET "wait_key" = (steward_match_keys("wait_match"))[1]
WHERE "wait_match" IS NOT NULL;
CREATE INDEX "step_checkpoints_wait_key_idx" ON "step_checkpoints"("wait_event", "wait_key") WHERE status = 'waiting';
