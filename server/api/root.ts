import { dashboardRouter } from './routers/dashboard/router.ts';
import { deadLetterRouter } from './routers/dead-letter/router.ts';
import { reviewRouter } from './routers/review/router.ts';
import { runRouter } from './routers/run/router.ts';
import { userRouter } from './routers/user/router.ts';
import { workflowRouter } from './routers/workflow/router.ts';
import { createCallerFactory, createTRPCRouter } from './trpc.ts';

/** Every procedure the app serves at /api/trpc, one sub-router per area. */
export const appRouter = createTRPCRouter({
  dashboard: dashboardRouter,
  review: reviewRouter,
  run: runRouter,
  user: userRouter,
  workflow: workflowRouter,
  deadLetter: deadLetterRouter,
});

/** The router's type: all the client imports from the server, and only as a type. */
export type AppRouter = typeof appRouter;

/**
 * Calls procedures in-process, without HTTP: `createCaller(ctx).dashboard.getCounts()`. Used by
 * server components and tests; the context may be a value or a function returning one.
 */
export const createCaller = createCallerFactory(appRouter);
