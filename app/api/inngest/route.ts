import { serve } from 'inngest/next';
import { inngest } from '@/inngest/client';
import { functions } from '@/inngest/functions';

export const dynamic = 'force-dynamic';

/**
 * Inngest's entry to the app: GET describes the functions, PUT registers them with Inngest (the
 * dev server or Inngest Cloud), POST runs a step of a run. Requests are signed in cloud mode.
 */
export const { GET, POST, PUT } = serve({ client: inngest, functions });
