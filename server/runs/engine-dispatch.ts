import { sendInngestEvent } from '../../inngest/client.ts';
import type { TEnv } from '../env.ts';
import type { TEngineDispatch } from './request-run.ts';

/** The app's dispatch: the engine ENGINE names, and the app's Inngest client to reach Inngest. */
export function engineDispatch(env: Pick<TEnv, 'ENGINE'>): TEngineDispatch {
  return { engine: env.ENGINE, sendInngestEvent };
}
