import 'server-only';

import { dehydrate, HydrationBoundary } from '@tanstack/react-query';
import { createTRPCOptionsProxy } from '@trpc/tanstack-react-query';
import { headers } from 'next/headers';
import { cache, createElement, type ReactNode } from 'react';
import { appRouter, createCaller } from '../../server/api/root.ts';
import { createTRPCContext } from '../../server/api/trpc.ts';
import { makeQueryClient } from './query-client.ts';

/**
 * The tRPC context of a server render, built once per request. Reading the request headers
 * also makes every page that uses it render per request, never at build time.
 */
const createContext = cache(async () => {
  const requestHeaders = new Headers(await headers());
  requestHeaders.set('x-trpc-source', 'rsc');
  return createTRPCContext({ headers: requestHeaders });
});

/** One QueryClient per request: what server components prefetch, `HydrateClient` sends. */
export const getQueryClient = cache(makeQueryClient);

/**
 * Query options for server components, calling procedures in-process (no HTTP):
 * `await getQueryClient().prefetchQuery(trpc.dashboard.getCounts.queryOptions())`.
 */
export const trpc = createTRPCOptionsProxy({
  ctx: createContext,
  router: appRouter,
  queryClient: getQueryClient,
});

/**
 * Sends the queries prefetched so far in this request to the client components inside, which
 * then start from that data instead of fetching it again.
 */
export function HydrateClient({ children }: { children: ReactNode }) {
  return createElement(HydrationBoundary, { state: dehydrate(getQueryClient()) }, children);
}

/**
 * Calls procedures directly from a server component when only the server needs the data
 * (nothing is cached for the client): `await caller.run.find({ limit: 50 })`.
 */
export const caller = createCaller(createContext);
