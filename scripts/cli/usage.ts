import { MAX_DOCUMENT_BYTES } from '../../server/documents/types.ts';

/** The full help of `npm run steward`, printed by `--help`. */
export const USAGE = `Usage: npm run steward -- <command> [options]

Workflows
  workflows list [--json]
      The workflows runs can be started for.

Tools
  tools list [--json] [--workflow <id>]
      The tool catalogue as a planner sees it: name, side effects, idempotency, reversibility,
      description, and (--json) input and output JSON Schemas. --workflow: its allow-list only.

Runs
  runs start <workflowId> [--input <json|@file>] [--document <file>]
      Queue a run (input defaults to {}) and print its id, e.g.
      id=$(npm run -s steward -- runs start invoice-approval --input @invoice.json)
      --document stores the file (text, an .eml e-mail or a PDF with a text layer, up to ${MAX_DOCUMENT_BYTES / (1024 * 1024)} MB;
      stored once per content) and hands it to the run as the input's documentId. A document
      Steward cannot read (a scan, an image, a Word file) is refused with the reason (exit 1).
  runs get <runId> [--json]
      Status, workflow, times, steps (status, attempts) and error of a run.
  runs wait <runId> [--timeout <seconds>]
      Wait until the run finishes or stops for a person; print its status.
  runs replay <runId> --from failed-step|start [--input <json|@file>]
      Replay a dead, failed or cancelled run: from its failed step (same run, finished steps
      kept) or from the start (a new run linked to it). --input replays from the start with
      corrected input. Prints the id of the run that will execute.
  runs cancel <runId> [--reason <text>]
      Cancel a run that has not finished.

Dead letters
  dead-letters list [--json] [--limit <n>]
      Open dead letters, newest first (default limit 100).

Users
  users create --email <email> --name <name> --role requester|reviewer|operations|admin
      Create a user who signs in with email and password; the password is read from the
      STEWARD_NEW_PASSWORD variable (at least 12 characters), never from the command line.

Audit
  audit verify [--json]
      Check the audit trail's hash chain; exit 1 names the first broken event.

Demo
  demo reset [--force]
      Empty the core records (runs, review items, dead letters, model calls, validation
      results, events, checkpoints; users and the audit trail stay, the trail records the
      reset) and seed the demo day again. Refused on a DATABASE_URL database unless --force.

Exit codes
  0    done; for runs wait: the run succeeded
  1    refused or failed (unknown run, invalid input, not replayable);
       for runs wait: the run failed, died or was cancelled
  2    bad arguments (this message)
  3    runs wait: the run needs a person (needs_review, needs_reconciliation)
  124  runs wait: --timeout passed first

The database is DATABASE_URL's, or the embedded one under STEWARD_DATA_DIR (shared with a
running app, else started for the command and stopped after it).
`;

/** What a usage error prints after its message: every command's synopsis, and where help is. */
export const USAGE_SUMMARY = `Usage: npm run steward -- <command> [options]
  workflows list [--json]
  tools list [--json] [--workflow <id>]
  runs start <workflowId> [--input <json|@file>] [--document <file>]
  runs get <runId> [--json]
  runs wait <runId> [--timeout <seconds>]
  runs replay <runId> --from failed-step|start [--input <json|@file>]
  runs cancel <runId> [--reason <text>]
  dead-letters list [--json] [--limit <n>]
  users create --email <email> --name <name> --role <role>
  audit verify [--json]
  demo reset [--force]
Run \`npm run steward -- --help\` for details and exit codes.
`;
