/**
 * A review queue of any size for the demo data and the benchmarks: `count` pending review items
 * across the three workflows, with varied risks, reasons, summaries and proposed writes (with
 * their previews), each on a run waiting for review that has an accepted plan. Set-based: one
 * INSERT ... SELECT FROM generate_series statement (10,000 items: about 1.5–2.5 s on the test database).
 *
 * The items' writes_hash is a sha256 of the writes as PostgreSQL prints them, not hashWrites':
 * nothing rechecks it, since no seeded run waits to apply its writes.
 *
 * The seeded runs are inert: no step waits for the decision (a decision records its event and
 * audit event, and wakes nothing) and their next due time is years away, so no worker claims
 * them to run workflows against records that do not exist.
 */
import type pg from 'pg';
import { z } from 'zod';

export interface TSeedReviewQueueParams {
  /** How many items (and runs) to add. */
  count: number;
  /** Who requested the runs; nobody when omitted. */
  requestedById?: string | null;
}

const ZSeedParamsSchema = z.object({
  count: z.number().int().min(1).max(1_000_000),
  requestedById: z.uuid().nullish(),
});

// Per row g: wf picks the workflow, the rest varies with g. Items are 20 s apart, the newest
// five minutes old, so the age filters have something to find.
const SEED_SQL = `
WITH base AS (
  SELECT g, gen_random_uuid() AS run_id, g % 3 AS wf,
    date_trunc('milliseconds', now()) - interval '5 minutes' - ($1::int - g) * interval '20 seconds' AS created_at,
    CASE WHEN g % 7 < 2 THEN 'high' WHEN g % 7 < 5 THEN 'medium' ELSE 'low' END AS risk,
    'V-' || (1000 + g % 400) AS vendor, 'INV-2026-' || (10000 + g) AS invoice,
    5000 + (g * 7919) % 90000 + (g % 100) / 100.0 AS amount,
    CASE WHEN g % 5 = 1 THEN (g * 13) % 400 + 1 ELSE 0 END AS diff,
    'C-' || (10000 + g % 5000) AS customer,
    (ARRAY['Berlin', 'Hamburg', 'Rotterdam', 'Lyon', 'Vienna'])[1 + g % 5] AS city,
    (ARRAY['DE', 'DE', 'NL', 'FR', 'AT'])[1 + g % 5] AS country,
    (ARRAY['Northwind', 'Contoso', 'Fabrikam', 'Tailspin', 'Globex'])[1 + g % 5] || ' ' || g AS company
  FROM generate_series(1, $1::int) AS g
), shaped AS (
  SELECT b.*,
    CASE b.wf
      WHEN 0 THEN jsonb_build_object('vendorNumber', b.vendor, 'invoiceNumber', b.invoice)
      WHEN 1 THEN jsonb_build_object('companyName', b.company, 'owner', 'Sam Sales',
        'contact', jsonb_build_object('email', 'lead' || b.g || '@' || lower(split_part(b.company, ' ', 1)) || '.example',
          'firstName', 'Alex', 'lastName', 'Lead ' || b.g))
      ELSE jsonb_build_object('customerNumber', b.customer, 'contactEmail', 'contact' || b.g || '@example.com',
        'address', jsonb_build_object('line1', 'Hauptstrasse ' || (1 + b.g % 200), 'city', b.city,
          'postalCode', lpad((10000 + b.g % 89999)::text, 5, '0'), 'country', b.country))
    END AS input,
    CASE b.wf
      WHEN 0 THEN jsonb_build_object('title', b.invoice || ' from ' || b.vendor, 'figures', jsonb_build_array(
        jsonb_build_object('label', 'Invoice', 'value', to_char(b.amount, 'FM999,999,990.00') || ' EUR'),
        jsonb_build_object('label', 'PO', 'value', to_char(b.amount - b.diff, 'FM999,999,990.00') || ' EUR'),
        jsonb_build_object('label', 'Difference', 'value', to_char(b.diff, 'FM999,999,990.00') || ' EUR')))
      WHEN 1 THEN jsonb_build_object('title', 'Alex Lead ' || b.g || ' at ' || b.company, 'figures', jsonb_build_array(
        jsonb_build_object('label', 'Score', 'value', (40 + b.g % 60)::text)))
      ELSE jsonb_build_object('title', 'Customer ' || b.customer || ' moves to ' || b.city || ', ' || b.country,
        'figures', jsonb_build_array(jsonb_build_object('label', 'Systems', 'value', '3')))
    END AS summary,
    CASE b.wf
      WHEN 0 THEN jsonb_build_array(jsonb_build_object('code', 'policy', 'source', 'workflow policy',
          'message', to_char(b.amount, 'FM999999990.00') || ' EUR is over the 5000 limit for automatic approval.'))
        || CASE WHEN b.diff > 0 THEN jsonb_build_array(jsonb_build_object('code', 'amount-within-tolerance',
          'source', 'amount-within-tolerance', 'message', 'The invoice is ' || b.diff || ' EUR over its purchase order.'))
          ELSE '[]'::jsonb END
        || CASE WHEN b.g % 9 = 0 THEN jsonb_build_array(jsonb_build_object('code', 'po-matched',
          'source', 'po-matched', 'message', 'The purchase order is already closed.')) ELSE '[]'::jsonb END
      WHEN 1 THEN jsonb_build_array(jsonb_build_object('code', 'one-account-match', 'source', 'one-account-match',
          'message', 'Two CRM accounts match ' || b.company || '; pick the right one.'))
      ELSE jsonb_build_array(jsonb_build_object('code', 'address-complete', 'source', 'address-complete',
          'message', 'The new address has no region; shipping to ' || b.country || ' usually needs one.'))
    END AS reasons
  FROM base b
), staged AS (
  SELECT s.*,
    jsonb_build_array(jsonb_build_object(
      'stepId', w.step_id, 'tool', w.tool, 'input', w.write_input, 'sideEffect', 'write',
      'reversible', true, 'dependsOn', '[]'::jsonb, 'why', w.why, 'unresolved', NULL,
      'preview', jsonb_build_object('target', w.target, 'changes', w.changes))) AS writes,
    w.read_tool, w.read_step
  FROM shaped s, LATERAL (SELECT * FROM (VALUES
    (0, 'approve-invoice', 'erp.approve-invoice', 'get-invoice', 'erp.get-invoice',
      jsonb_build_object('invoiceId', s.run_id, 'approvedBy', 'steward'),
      'Approve the matched invoice for payment.', 'erp.invoices ' || s.invoice,
      jsonb_build_array(jsonb_build_object('field', 'status', 'current', 'received', 'proposed', 'approved'),
        jsonb_build_object('field', 'approved_by', 'current', NULL, 'proposed', 'steward'))),
    (1, 'upsert-account', 'crm.upsert-account', 'find-accounts', 'crm.find-accounts',
      jsonb_build_object('name', s.company, 'owner', 'Sam Sales'),
      'Create the account the lead belongs to.', 'crm.accounts ' || s.company,
      jsonb_build_array(jsonb_build_object('field', 'name', 'current', NULL, 'proposed', s.company))),
    (2, 'update-contact-address', 'crm.update-contact-address', 'get-contact', 'crm.get-contact',
      jsonb_build_object('email', s.input->>'contactEmail', 'address', s.input->'address'),
      'Move the contact to the new address.', 'crm.contacts ' || (s.input->>'contactEmail'),
      jsonb_build_array(jsonb_build_object('field', 'city', 'current', 'Munich', 'proposed', s.city)))
  ) AS v(wf, step_id, tool, read_step, read_tool, write_input, why, target, changes) WHERE v.wf = s.wf) w
), runs_added AS (
  INSERT INTO runs (id, workflow_id, workflow_version, status, input, requested_by_id, run_after, created_at, updated_at)
  SELECT run_id, (ARRAY['invoice-approval', 'lead-enrichment', 'address-change'])[wf + 1], 1,
    'needs_review', input, $2::uuid, now() + interval '10 years', created_at, created_at
  FROM staged RETURNING id
), plans_added AS (
  INSERT INTO step_checkpoints (run_id, step_id, kind, status, attempt_count, output, started_at, finished_at)
  SELECT run_id, 'plan', 'plan', 'succeeded', 1, jsonb_build_object(
      'status', 'accepted', 'planner', 'offline', 'modelCallId', gen_random_uuid(), 'repaired', false,
      'failures', '[]'::jsonb, 'plan', jsonb_build_object(
        'summary', summary->>'title', 'confidence', 0.7 + (g % 30) / 100.0, 'steps', jsonb_build_array(
          jsonb_build_object('id', read_step, 'tool', read_tool, 'input', input,
            'why', 'Read the record the decision is about.'),
          jsonb_build_object('id', writes->0->>'stepId', 'tool', writes->0->>'tool',
            'input', writes->0->'input', 'why', writes->0->>'why')))),
    created_at - interval '2 seconds', created_at - interval '2 seconds'
  FROM staged RETURNING run_id
), items_added AS (
  INSERT INTO review_items (run_id, step_id, status, risk, reasons, proposed_writes, summary, writes_hash, created_at, updated_at)
  SELECT run_id, 'review-1', 'pending', risk::"Risk", reasons, writes, summary,
    encode(sha256(convert_to(writes::text, 'UTF8')), 'hex'), created_at, created_at
  FROM staged RETURNING id
)
SELECT (SELECT count(*)::int FROM runs_added) AS runs, (SELECT count(*)::int FROM plans_added) AS plans,
  (SELECT count(*)::int FROM items_added) AS items`;

/**
 * Adds `count` pending review items, each on its own run waiting for review (with a `plan`
 * checkpoint, so the detail pane has a plan); returns how many items it added.
 */
export async function seedReviewQueue(
  pool: Pick<pg.Pool, 'query'>,
  params: TSeedReviewQueueParams,
): Promise<number> {
  const { count, requestedById } = ZSeedParamsSchema.parse(params);
  const { rows } = await pool.query(SEED_SQL, [count, requestedById ?? null]);
  return z.object({ items: z.number().int() }).parse(rows[0]).items;
}
