/**
 * The set-based statement behind seedDemoDay: runs of the three example workflows spread over
 * the last three days in every state, each with its model call and `plan` checkpoint; the
 * failed and dead ones with their failed step (and dead letter); the ones a person looked at
 * with their review item; the replayed ones with the run that replayed them.
 *
 * Parameters: $1 how many origin runs, $2 the failures (demoFailures() as JSON), $3 requester,
 * $4 reviewer, $5 operator (user ids or null). Per row g, `kind` decides the state:
 * g % 20 in 0..12 succeeded, 13..14 waiting for review (every 40th escalated), 15 dead, 16
 * failed, 17 cancelled, 18 reviewed (approved; every 60th rejected), 19 dead and replayed.
 *
 * Runs that are not finished (waiting for review) are inert, as in seedReviewQueue: due in ten
 * years and no step waiting for the decision, so no worker claims them.
 */
export const DEMO_DAY_SQL = `
WITH failures AS (
  SELECT * FROM jsonb_to_recordset($2::jsonb) AS f(wf int, variant int, "stepId" text, tool text,
    "errorClass" text, message text, "groupKey" text)
), base AS (
  SELECT g, gen_random_uuid() AS run_id, g % 3 AS wf, (g / 20) % 2 AS variant,
    date_trunc('milliseconds', now()) - interval '2 minutes'
      - (g * 13 + (g * 7) % 11) * interval '1 minute' - (g % 50) * interval '1 second' AS created_at,
    CASE WHEN g % 20 <= 12 THEN 'succeeded' WHEN g % 20 <= 14 THEN 'review' WHEN g % 20 = 15 THEN 'dead'
      WHEN g % 20 = 16 THEN 'failed' WHEN g % 20 = 17 THEN 'cancelled' WHEN g % 20 = 18 THEN 'reviewed'
      ELSE 'replayed' END AS kind,
    'V-' || (1000 + g % 400) AS vendor, 'INV-2026-' || (20000 + g) AS invoice,
    'C-' || (10000 + g % 5000) AS customer,
    (ARRAY['Berlin', 'Hamburg', 'Rotterdam', 'Lyon', 'Vienna'])[1 + g % 5] AS city,
    (ARRAY['Northwind', 'Contoso', 'Fabrikam', 'Tailspin', 'Globex'])[1 + g % 5] || ' ' || g AS company
  FROM generate_series(1, $1::int) AS g
), shaped AS (
  SELECT b.*, (ARRAY['invoice-approval', 'lead-enrichment', 'address-change'])[b.wf + 1] AS workflow_id,
    b.created_at + (15 + b.g % 45) * interval '1 second'
      + CASE WHEN b.kind = 'reviewed' THEN (5 + b.g % 50) * interval '1 minute' ELSE interval '0' END AS finished_at,
    CASE b.wf
      WHEN 0 THEN jsonb_build_object('vendorNumber', b.vendor, 'invoiceNumber', b.invoice)
      WHEN 1 THEN jsonb_build_object('companyName', b.company, 'owner', 'Sam Sales',
        'contact', jsonb_build_object('email', 'lead' || b.g || '@example.com', 'firstName', 'Alex', 'lastName', 'Lead ' || b.g))
      ELSE jsonb_build_object('customerNumber', b.customer, 'contactEmail', 'contact' || b.g || '@example.com',
        'address', jsonb_build_object('line1', 'Hauptstrasse ' || (1 + b.g % 200), 'city', b.city,
          'postalCode', lpad((10000 + b.g % 89999)::text, 5, '0'), 'country', 'DE'))
    END AS input,
    CASE b.wf WHEN 0 THEN b.invoice || ' from ' || b.vendor WHEN 1 THEN 'Enrich ' || b.company
      ELSE 'Customer ' || b.customer || ' moves to ' || b.city END AS title,
    (ARRAY['erp.approve-invoice', 'crm.upsert-account', 'crm.update-contact-address'])[b.wf + 1] AS write_tool,
    (ARRAY['approve-invoice', 'upsert-account', 'update-contact-address'])[b.wf + 1] AS write_step,
    f."stepId" AS fail_step, f.tool AS fail_tool, f."errorClass" AS error_class, f.message AS error_message,
    f."groupKey" AS group_key
  FROM base b JOIN failures f ON f.wf = b.wf AND f.variant = b.variant
), runs_added AS (
  INSERT INTO runs (id, workflow_id, workflow_version, status, input, output, error, requested_by_id,
    run_after, created_at, updated_at, finished_at)
  SELECT run_id, workflow_id, 1,
    (CASE kind WHEN 'review' THEN 'needs_review' WHEN 'reviewed' THEN 'succeeded' WHEN 'replayed' THEN 'dead'
      ELSE kind END)::"RunStatus",
    input,
    CASE WHEN kind = 'succeeded' THEN jsonb_build_object('outcome', 'completed', 'route', 'auto')
      WHEN kind = 'reviewed' THEN jsonb_build_object('outcome', CASE WHEN g % 60 = 18 THEN 'rejected' ELSE 'completed' END,
        'route', 'approved') END,
    CASE WHEN kind IN ('dead', 'failed', 'replayed') THEN jsonb_build_object('class', error_class,
      'message', error_message, 'stepId', fail_step)
      WHEN kind = 'cancelled' THEN jsonb_build_object('class', 'Cancelled', 'message', 'Cancelled: duplicate request') END,
    $3::uuid,
    CASE WHEN kind = 'review' THEN now() + interval '10 years' ELSE created_at END,
    created_at, CASE WHEN kind = 'review' THEN created_at ELSE finished_at END,
    CASE WHEN kind = 'review' THEN NULL ELSE finished_at END
  FROM shaped RETURNING id, workflow_id, status, replay_of_id, created_at
), replays AS (
  SELECT s.*, gen_random_uuid() AS replay_id,
    least(s.finished_at + (20 + s.g % 90) * interval '1 minute', date_trunc('milliseconds', now()) - interval '1 minute') AS replayed_at
  FROM shaped s WHERE s.kind = 'replayed'
), replays_added AS (
  INSERT INTO runs (id, workflow_id, workflow_version, status, input, output, requested_by_id, replay_of_id,
    replay_mode, run_after, created_at, updated_at, finished_at)
  SELECT replay_id, workflow_id, 1, 'succeeded', input, jsonb_build_object('outcome', 'completed', 'route', 'auto'),
    $3::uuid, run_id, 'from_start', replayed_at, replayed_at, replayed_at + interval '25 seconds',
    replayed_at + interval '25 seconds'
  FROM replays RETURNING id, workflow_id, status, replay_of_id, created_at
), every_run AS (
  SELECT run_id AS id, workflow_id, input, title, write_tool, write_step, created_at, g FROM shaped
  UNION ALL SELECT replay_id, workflow_id, input, title, write_tool, write_step, replayed_at, g FROM replays
), model_calls_added AS (
  INSERT INTO model_calls (run_id, step_id, provider, model, prompt, raw_response, latency_ms, created_at)
  SELECT id, 'plan', 'offline', workflow_id, jsonb_build_object('workflowId', workflow_id, 'input', input),
    NULL, 1 + g % 4, created_at + interval '200 milliseconds'
  FROM every_run RETURNING id
), plans_added AS (
  INSERT INTO step_checkpoints (run_id, step_id, kind, status, attempt_count, attempts, output, started_at, finished_at)
  SELECT e.id, 'plan', 'plan', 'succeeded', 1,
    jsonb_build_array(jsonb_build_object('attempt', 1, 'startedAt', e.created_at, 'finishedAt', e.created_at + interval '1 second',
      'errorClass', NULL, 'message', NULL)),
    jsonb_build_object('status', 'accepted', 'planner', 'offline', 'modelCallId', NULL, 'repaired', false,
      'failures', '[]'::jsonb, 'plan', jsonb_build_object('summary', e.title, 'confidence', 0.7 + (e.g % 30) / 100.0,
        'steps', jsonb_build_array(jsonb_build_object('id', e.write_step, 'tool', e.write_tool, 'input', e.input,
          'why', 'Apply the change the request asks for.')))),
    e.created_at + interval '100 milliseconds', e.created_at + interval '1 second'
  FROM every_run e RETURNING id
), failed_steps_added AS (
  INSERT INTO step_checkpoints (run_id, step_id, kind, tool_name, status, attempt_count, attempts, error, started_at, finished_at)
  SELECT run_id, fail_step, 'tool', fail_tool, 'failed', 3,
    (SELECT jsonb_agg(jsonb_build_object('attempt', a, 'startedAt', created_at + a * interval '4 seconds',
      'finishedAt', created_at + a * interval '4 seconds' + interval '1 second', 'errorClass', error_class,
      'message', error_message)) FROM generate_series(1, 3) AS a),
    jsonb_build_object('class', error_class, 'message', error_message),
    created_at + interval '2 seconds', finished_at
  FROM shaped WHERE kind IN ('dead', 'failed', 'replayed') RETURNING id
), dead_added AS (
  INSERT INTO dead_letters (run_id, step_id, error_class, message, attempts, input, group_key, resolution,
    resolved_by_id, resolved_at, resolution_note, created_at)
  SELECT s.run_id, s.fail_step, s.error_class, s.error_message, 3, s.input, s.group_key,
    CASE WHEN r.replay_id IS NULL THEN NULL ELSE 'replayed'::"DeadLetterResolution" END,
    CASE WHEN r.replay_id IS NULL THEN NULL ELSE $5::uuid END, r.replayed_at,
    CASE WHEN r.replay_id IS NULL THEN NULL ELSE 'replayed as run ' || r.replay_id || ' (from_start)' END,
    s.finished_at
  FROM shaped s LEFT JOIN replays r ON r.run_id = s.run_id
  WHERE s.kind IN ('dead', 'replayed') RETURNING id
), items_added AS (
  INSERT INTO review_items (run_id, step_id, status, risk, reasons, proposed_writes, summary, writes_hash,
    decided_by_id, decided_at, reason_code, time_on_item_ms, created_at, updated_at)
  SELECT run_id, 'review-1',
    (CASE WHEN kind = 'review' AND g % 40 = 14 THEN 'escalated' WHEN kind = 'review' THEN 'pending'
      WHEN g % 60 = 18 THEN 'rejected' ELSE 'approved' END)::"ReviewStatus",
    (CASE WHEN g % 7 < 2 THEN 'high' WHEN g % 7 < 5 THEN 'medium' ELSE 'low' END)::"Risk",
    jsonb_build_array(jsonb_build_object('code', 'policy', 'source', 'workflow policy',
      'message', 'This change is over the limit for automatic approval.')),
    w.writes, jsonb_build_object('title', title, 'figures', '[]'::jsonb),
    encode(sha256(convert_to(w.writes::text, 'UTF8')), 'hex'),
    CASE WHEN kind = 'reviewed' THEN $4::uuid END,
    CASE WHEN kind = 'reviewed' THEN finished_at - interval '10 seconds' END,
    CASE WHEN kind = 'reviewed' AND g % 60 = 18 THEN 'wrong-amount' END,
    CASE WHEN kind = 'reviewed' THEN 4000 + (g * 7919) % 40000 END,
    created_at + interval '5 seconds', CASE WHEN kind = 'reviewed' THEN finished_at ELSE created_at END
  FROM shaped, LATERAL (SELECT jsonb_build_array(jsonb_build_object('stepId', write_step, 'tool', write_tool,
      'input', input, 'sideEffect', 'write', 'reversible', true, 'dependsOn', '[]'::jsonb,
      'why', 'Apply the change the request asks for.', 'unresolved', NULL, 'preview', NULL)) AS writes) w
  WHERE kind IN ('review', 'reviewed') RETURNING id, run_id, status, reason_code, decided_at
)
SELECT (SELECT jsonb_agg(to_jsonb(a)) FROM (SELECT * FROM runs_added UNION ALL SELECT * FROM replays_added) a) AS runs,
  (SELECT coalesce(jsonb_agg(to_jsonb(i)), '[]') FROM items_added i) AS "reviewItems",
  (SELECT count(*)::int FROM model_calls_added) AS "modelCalls",
  (SELECT count(*)::int FROM plans_added) + (SELECT count(*)::int FROM failed_steps_added) AS checkpoints,
  (SELECT count(*)::int FROM dead_added) AS "deadLetters"`;
