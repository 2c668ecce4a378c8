import { createTRPCRouter } from '../../trpc.ts';

/** Dead letters: grouped by root cause, inspected, replayed and discarded by operations. */
export const deadLetterRouter = createTRPCRouter({});
