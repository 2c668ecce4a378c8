import { z } from 'zod';
import { PlannerChainError, parsePlannerChain } from './planner/chain.ts';
import { SetupError } from './setup-error.ts';

const port = (fallback: number) =>
  z.coerce
    .number({ error: 'expected a port number' })
    .int('expected a whole port number')
    .min(1, 'expected a port number between 1 and 65535')
    .max(65535, 'expected a port number between 1 and 65535')
    .default(fallback);

const postgresUrl = z
  .string()
  .trim()
  .regex(/^postgres(ql)?:\/\/\S+$/, 'expected a postgresql:// connection string')
  .refine((value) => URL.canParse(value), 'expected a valid postgresql:// URL');

/** `a.example.com, b.example.com:8443` as lower-case entries; blanks dropped. */
export function parseAllowedHosts(value: string): string[] {
  return value
    .split(',')
    .map((entry) => entry.trim().toLowerCase())
    .filter((entry) => entry !== '');
}

/** Every environment variable Steward reads; README.md and .env.example list the same. */
export const ZEnvSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    /** An external PostgreSQL; when unset, scripts start the embedded one and set it for the app. */
    DATABASE_URL: postgresUrl.optional(),
    /** Folder for the embedded database and other local state. */
    STEWARD_DATA_DIR: z.string().min(1).default('.data'),
    /** Port of the embedded PostgreSQL. */
    STEWARD_PG_PORT: port(54329),
    /** Port of the web app. */
    PORT: port(3000),
    /** A PostgreSQL server (a user allowed to CREATE DATABASE) for the test suite; else embedded. */
    STEWARD_TEST_DATABASE_URL: postgresUrl.optional(),
    /** Which engine executes runs: the embedded one (default) or Inngest, for scale-out. */
    ENGINE: z.enum(['embedded', 'inngest']).default('embedded'),
    /** Inngest SDK (read by the SDK itself): `1` to use the local Inngest dev server, no keys needed. */
    INNGEST_DEV: z.string().min(1).optional(),
    /** Inngest SDK: the key events are sent to Inngest Cloud with (ENGINE=inngest, cloud mode). */
    INNGEST_EVENT_KEY: z.string().min(1).optional(),
    /** Inngest SDK: the key Inngest Cloud signs its requests to /api/inngest with (cloud mode). */
    INNGEST_SIGNING_KEY: z.string().min(1).optional(),
    /** Inngest SDK: a self-hosted Inngest server (or the dev server on another host) to talk to. */
    INNGEST_BASE_URL: z.string().min(1).optional(),
    /** Worker processes `npm run dev` / `npm start` start beside the app (0: run them yourself). */
    STEWARD_WORKERS: z.coerce
      .number({ error: 'expected a whole number' })
      .int()
      .min(0)
      .max(64)
      .default(1),
    /** Runs each worker process executes at once. */
    STEWARD_WORKER_CONCURRENCY: z.coerce
      .number({ error: 'expected a whole number' })
      .int()
      .min(1)
      .max(256)
      .default(8),
    /** How long a worker's claim on a run lasts without a checkpoint or heartbeat, in ms. */
    STEWARD_LEASE_MS: z.coerce
      .number({ error: 'expected milliseconds' })
      .int()
      .min(200)
      .default(30_000),
    /** Hosts (`host` or `host:port`, comma-separated) the HTTP tools may call; empty: none. */
    STEWARD_HTTP_ALLOWED_HOSTS: z
      .string()
      .default('')
      .transform((value) => parseAllowedHosts(value)),
    /** The largest response body, in bytes, an HTTP tool reads before refusing it. */
    STEWARD_HTTP_MAX_BYTES: z.coerce
      .number({ error: 'expected a number of bytes' })
      .int('expected a whole number of bytes')
      .min(1, 'expected at least 1 byte')
      .default(1024 * 1024),
    /** A module exporting `registry` (a WorkflowRegistry) to run instead of server/workflows; tests use it. */
    STEWARD_WORKFLOWS_MODULE: z.string().min(1).optional(),
    /** The Chromium binary the end-to-end tests drive. */
    STEWARD_CHROMIUM_PATH: z.string().min(1).default('/usr/bin/chromium'),
    /**
     * The key sessions are signed with (at least 32 characters). Unset: `npm run dev` and
     * `npm start` keep one in STEWARD_DATA_DIR/auth-secret; with DATABASE_URL in production it
     * is required.
     */
    BETTER_AUTH_SECRET: z.string().min(32, 'expected at least 32 characters').optional(),
    /** The app's public origin (sign-in redirects, the same-origin check); default http://localhost:$PORT. */
    BETTER_AUTH_URL: z.url({ error: 'expected an http(s) URL' }).optional(),
    /**
     * The planner fallback chain, e.g. `anthropic:claude-sonnet-4-5,openai:gpt-5-mini,offline`
     * (server/planner/chain.ts). Unset: the providers whose key is set, then `offline`.
     */
    PLANNER_MODEL: z.string().optional(),
    /**
     * The chain of models that read documents (model step tools), in the same format. Unset: the
     * planner's chain. `offline` alone: nobody reads documents but people.
     */
    READER_MODEL: z.string().optional(),
    /** Anthropic's key (its SDK's usual variable); needed by `anthropic:` planners. */
    ANTHROPIC_API_KEY: z.string().min(1).optional(),
    /** Another Anthropic endpoint (a proxy, or a test server), like `https://api.anthropic.com/v1`. */
    ANTHROPIC_BASE_URL: z.url({ error: 'expected an http(s) URL' }).optional(),
    /** OpenAI's key (its SDK's usual variable); needed by `openai:` planners. */
    OPENAI_API_KEY: z.string().min(1).optional(),
    /** Another OpenAI endpoint, like `https://api.openai.com/v1`. */
    OPENAI_BASE_URL: z.url({ error: 'expected an http(s) URL' }).optional(),
    /** The key sent to `openai-compatible:` planners, if their server wants one. */
    OPENAI_COMPATIBLE_API_KEY: z.string().min(1).optional(),
    /** How long one model call may take before it counts as a timeout, in ms. */
    PLANNER_TIMEOUT_MS: z.coerce
      .number({ error: 'expected milliseconds' })
      .int()
      .min(100)
      .default(60_000),
    /** Tries per planner of the chain when the provider times out, rate-limits or fails (5xx). */
    PLANNER_MAX_ATTEMPTS: z.coerce
      .number({ error: 'expected a whole number' })
      .int()
      .min(1)
      .max(10)
      .default(3),
    /** The first backoff between those tries, in ms (doubling, with jitter). */
    PLANNER_RETRY_BASE_MS: z.coerce
      .number({ error: 'expected milliseconds' })
      .int()
      .min(0)
      .default(1_000),
  })
  .superRefine((env, context) => {
    try {
      parsePlannerChain(env.PLANNER_MODEL, env);
    } catch (error) {
      if (!(error instanceof PlannerChainError)) throw error;
      context.addIssue({ code: 'custom', path: ['PLANNER_MODEL'], message: error.message });
    }
    if (env.READER_MODEL === undefined) return;
    try {
      parsePlannerChain(env.READER_MODEL, env);
    } catch (error) {
      if (!(error instanceof PlannerChainError)) throw error;
      context.addIssue({ code: 'custom', path: ['READER_MODEL'], message: error.message });
    }
  });
export type TEnv = z.infer<typeof ZEnvSchema>;

/** Empty strings count as unset, as a shell's `FOO=` means. */
function withoutEmpty(source: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(source).filter((entry): entry is [string, string] => entry[1] !== ''),
  );
}

/**
 * Parses the environment, failing with a SetupError that names each bad variable and what it
 * should hold. Values are never echoed: a connection string carries a password.
 */
export function parseEnv(source: Record<string, string | undefined> = process.env): TEnv {
  const result = ZEnvSchema.safeParse(withoutEmpty(source));
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
  throw new SetupError(`Invalid environment:\n${lines.join('\n')}\nSee .env.example.`);
}

/** The environment of the web app, which cannot run without a database. */
export function parseServerEnv(
  source: Record<string, string | undefined> = process.env,
): TEnv & { DATABASE_URL: string } {
  const env = parseEnv(source);
  if (!env.DATABASE_URL) {
    throw new SetupError(
      'Invalid environment:\n  DATABASE_URL: not set. Start the app with `npm run dev` or `npm start`, ' +
        'which start the embedded database and set it, or set it to your PostgreSQL server.',
    );
  }
  return { ...env, DATABASE_URL: env.DATABASE_URL };
}
