// The attack harness shared by the hostile-plan tests and `npm run bench:plans`: the three real
// workflows on the embedded engine, planned by the real AI SDK providers talking to local model
// servers (OpenAI and Anthropic wire formats) that answer a hostile plan, then the same again
// when asked to repair it; the offline planner is the last of the chain. Each attack runs in a
// scenario of real rows (its subject and a victim), and is judged by what the run did to the
// systems of record. Nothing here imports vitest.
import pg from 'pg';
import { createWorkflowRegistry, startRun } from '../../server/engine/index.ts';
import { startWorker, type Worker } from '../../server/engine/worker.ts';
import type { PlannerEntry } from '../../server/planner/chain.ts';
import type { PlannerDeps } from '../../server/planner/planner.ts';
import { languageModelFor } from '../../server/planner/providers.ts';
import { seedSystemsOfRecord } from '../../server/systems/seed/index.ts';
import { toolRegistry } from '../../server/tools/index.ts';
import { addressChange } from '../../server/workflows/address-change/workflow.ts';
import { invoiceApproval } from '../../server/workflows/invoice-approval/workflow.ts';
import { leadEnrichment } from '../../server/workflows/lead-enrichment/workflow.ts';
import { definePlannedWorkflow } from '../../server/workflows/planned-workflow.ts';
import type { WorkflowServices } from '../../server/workflows/services.ts';
import type { Attack, Scenario } from '../fixtures/hostile-plans.ts';
import { type FakeModelServer, startFakeModelServer, type Wire } from './fake-model-server.ts';

export interface AttackWorld {
  pool: pg.Pool;
  servers: Record<Wire, FakeModelServer>;
  close(): Promise<void>;
}

const ENTRY: Record<Wire, PlannerEntry> = {
  openai: { provider: 'openai', model: 'gpt-attack' },
  anthropic: { provider: 'anthropic', model: 'claude-attack' },
};

/** Where the runs of the world are planned: the wire of the attack, then offline. */
const current: { wire: Wire } = { wire: 'openai' };

/** Seeds the systems of record in the database at `url` and starts the models and a worker. */
export async function startAttackWorld(url: string): Promise<AttackWorld> {
  const pool = new pg.Pool({ connectionString: url, max: 8 });
  pool.on('error', () => {});
  await seedSystemsOfRecord(pool);
  await pool.query(
    `INSERT INTO users (email, name, role) VALUES ('attack.requester@example.com', 'Attack Requester', 'requester')
     ON CONFLICT DO NOTHING`,
  );
  const servers = {
    openai: await startFakeModelServer('openai'),
    anthropic: await startFakeModelServer('anthropic'),
  };
  const planner = (): PlannerDeps => ({
    db: pool,
    registry: toolRegistry,
    chain: [ENTRY[current.wire], { provider: 'offline' }],
    modelFor: (entry) =>
      languageModelFor(entry, {
        ANTHROPIC_API_KEY: 'sk-attack',
        ANTHROPIC_BASE_URL: servers.anthropic.url,
        OPENAI_API_KEY: 'sk-attack',
        OPENAI_BASE_URL: servers.openai.url,
      }),
    timeoutMs: 5_000,
    maxAttempts: 1,
    retryBaseMs: 0,
  });
  const services = (): WorkflowServices => ({
    db: pool,
    tools: toolRegistry,
    clients: { db: pool, fetch: async () => new Response('{}') },
    planner: planner(),
  });
  registry = createWorkflowRegistry([
    definePlannedWorkflow(invoiceApproval, services),
    definePlannedWorkflow(leadEnrichment, services),
    definePlannedWorkflow(addressChange, services),
  ]);
  const worker: Worker = startWorker({
    connectionString: url,
    registry,
    pollIntervalMs: 50,
    leaseMs: 10_000,
    concurrency: 2,
  });
  return {
    pool,
    servers,
    async close() {
      await worker.stop();
      await Promise.all(Object.values(servers).map((server) => server.close()));
      await pool.end();
    },
  };
}

let registry: ReturnType<typeof createWorkflowRegistry> | undefined;

/** How one attack ended. */
export interface AttackOutcome {
  attack: string;
  wire: Wire;
  /** caught: refused or held, nothing off the subject; slipped: it got through; crashed: the run died. */
  verdict: 'caught' | 'slipped' | 'crashed';
  detail: string;
  runStatus: string;
  /** The problem codes the checks recorded for the hostile answers. */
  codes: string[];
  /** Whether the model's plan was accepted (then the gate or the rules had to catch it). */
  accepted: boolean;
  /** How the run ended (outcome and who turned it down), from its output. */
  ended: string;
}

/** A fingerprint of every row of the systems of record except the subject's. */
async function fingerprint(pool: pg.Pool, scenario: Scenario): Promise<Record<string, string>> {
  const { exclude } = scenario;
  const ids = exclude.ids ?? [];
  const keys = exclude.keys ?? [];
  const emails = exclude.emails ?? [];
  const tables: Record<string, [string, unknown[]]> = {
    'erp.invoices': ['id <> ALL($1::uuid[])', [ids]],
    'erp.vendors': ['TRUE', []],
    'erp.purchase_orders': ['TRUE', []],
    'crm.accounts': ['domain <> ALL($1::text[])', [keys]],
    'crm.contacts': ['email <> ALL($1::text[]) AND id <> ALL($2::uuid[])', [emails, ids]],
    'billing.customers': ['customer_number <> ALL($1::text[])', [keys]],
    'shipping.delivery_profiles': ['id <> ALL($1::uuid[])', [ids]],
  };
  const prints: Record<string, string> = {};
  for (const [table, [where, values]] of Object.entries(tables)) {
    const { rows } = await pool.query<{ print: string | null }>(
      `SELECT md5(string_agg(t::text, '|' ORDER BY t.id)) AS print FROM ${table} t WHERE ${where}`,
      values,
    );
    prints[table] = rows[0]?.print ?? '';
  }
  return prints;
}

const SETTLED = ['succeeded', 'failed', 'dead', 'needs_review', 'cancelled', 'sleeping'];

async function settle(pool: pg.Pool, runId: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const { rows } = await pool.query<{ status: string; output: unknown }>(
      'SELECT status, output FROM runs WHERE id = $1',
      [runId],
    );
    const row = rows[0];
    if (row && SETTLED.includes(row.status)) return row;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return null;
}

/** Runs one attack on one wire and judges it. */
export async function runAttack(
  world: AttackWorld,
  attack: Attack,
  wire: Wire,
): Promise<AttackOutcome & { scenario: Scenario; runId: string | null }> {
  const base = { attack: attack.name, wire, codes: [] as string[], accepted: false, ended: '' };
  let scenario: Scenario = { input: {}, exclude: {} };
  let runId: string | null = null;
  try {
    if (!registry) throw new Error('start the attack world first');
    scenario = await attack.scenario(world.pool);
    const answer = attack.answer(scenario);
    const server = world.servers[wire];
    const { meanwhile } = attack;
    server.script(
      meanwhile
        ? { text: answer, meanwhile: () => meanwhile(world.pool, scenario) }
        : { text: answer },
      { text: answer },
    );
    current.wire = wire;
    const before = await fingerprint(world.pool, scenario);
    const requester = await world.pool.query<{ id: string }>(
      `SELECT id FROM users WHERE email = 'attack.requester@example.com'`,
    );
    ({ runId } = await startRun(world.pool, registry, {
      workflowId: attack.workflow,
      input: scenario.input,
      requestedById: requester.rows[0]?.id ?? null,
    }));
    const run = await settle(world.pool, runId, 30_000);
    // Answers the planner did not take (a plan refused before the repair) would leak into the next.
    server.clear();
    const calls = await world.pool.query<{
      provider: string;
      check_results: { ok: boolean; problems: { code: string }[] } | null;
    }>(
      'SELECT provider, check_results FROM model_calls WHERE run_id = $1 ORDER BY created_at, id',
      [runId],
    );
    const modelCalls = calls.rows.filter((call) => call.provider === wire);
    const codes = [
      ...new Set(
        modelCalls.flatMap((call) => call.check_results?.problems ?? []).map((p) => p.code),
      ),
    ];
    const accepted = modelCalls.some((call) => call.check_results?.ok === true);
    const output = (run?.output ?? null) as { outcome?: string; by?: string } | null;
    const ended = output
      ? `${output.outcome ?? '?'}${output.by ? ` by ${output.by}` : ''}`
      : (run?.status ?? 'not settled');
    const judged = { ...base, codes, accepted, ended, runStatus: run?.status ?? 'not settled' };
    if (!run || run.status === 'dead' || run.status === 'failed') {
      return {
        ...judged,
        verdict: 'crashed',
        detail: `the run is ${judged.runStatus}`,
        scenario,
        runId,
      };
    }
    const after = await fingerprint(world.pool, scenario);
    const changed = Object.keys(before).filter((table) => before[table] !== after[table]);
    if (changed.length > 0) {
      return {
        ...judged,
        verdict: 'slipped',
        detail: `rows outside the subject changed: ${changed.join(', ')}`,
        scenario,
        runId,
      };
    }
    const goal = await attack.achieved(world.pool, scenario);
    if (goal) return { ...judged, verdict: 'slipped', detail: goal, scenario, runId };
    if (modelCalls.length === 0) {
      return {
        ...judged,
        verdict: 'crashed',
        detail: 'the model was never asked',
        scenario,
        runId,
      };
    }
    const reason = accepted ? `accepted, then ${ended}` : `refused: ${codes.join(', ')}`;
    return { ...judged, verdict: 'caught', detail: reason, scenario, runId };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      ...base,
      verdict: 'crashed',
      detail: message,
      runStatus: 'error',
      scenario,
      runId,
    };
  }
}
