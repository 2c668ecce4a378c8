/**
 * The Inngest client of the app. The SDK reads its settings from the environment itself
 * (INNGEST_DEV, INNGEST_EVENT_KEY, INNGEST_SIGNING_KEY, INNGEST_BASE_URL; server/env.ts validates
 * them at start): cloud mode with keys by default, the local dev server with INNGEST_DEV=1.
 */
import { type ClientOptions, Inngest } from 'inngest';
import type { TInngestEventPayload } from './events.ts';

/** Inngest's id of the app: functions appear as `steward-<workflow id>`. */
export const INNGEST_APP_ID = 'steward';

/** A client for the Steward app; tests pass their own mode, Inngest server and a quiet logger. */
export function createInngestClient(
  options: Pick<ClientOptions, 'isDev' | 'baseUrl' | 'logger' | 'signingKey'> = {},
): Inngest {
  return new Inngest({ id: INNGEST_APP_ID, ...options });
}

/** The app's client, shared by the serve route and everything that sends events. */
export const inngest = createInngestClient();

/** Sends one event through the app's client (what `ENGINE=inngest` uses to start runs). */
export async function sendInngestEvent(event: TInngestEventPayload): Promise<void> {
  await inngest.send(event);
}
