'use client';

import { type QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createTRPCClient, httpBatchLink, loggerLink } from '@trpc/client';
import { createTRPCContext } from '@trpc/tanstack-react-query';
import { type ReactNode, useState } from 'react';
import superjson from 'superjson';
import type { AppRouter } from '../../server/api/root.ts';
import { makeQueryClient } from './query-client.ts';

/** `useTRPC()` gives query and mutation options for every procedure, typed from the router. */
export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

let browserQueryClient: QueryClient | undefined;

/**
 * The server render makes a fresh client per request (no data shared between users); the
 * browser keeps one for the page's life, even if React suspends and re-runs the first render.
 */
function getQueryClient(): QueryClient {
  if (typeof window === 'undefined') return makeQueryClient();
  browserQueryClient ??= makeQueryClient();
  return browserQueryClient;
}

/**
 * Relative in the browser. A server render builds the client too but should not need it: pages
 * prefetch in-process (lib/trpc/server.ts); the absolute URL only covers a query they missed.
 */
function apiUrl(): string {
  const origin =
    typeof window === 'undefined' ? `http://127.0.0.1:${process.env.PORT ?? 3000}` : '';
  return `${origin}/api/trpc`;
}

/** Puts the QueryClient and the tRPC client in context; mounted once in the root layout. */
export function TRPCReactProvider({ children }: { children: ReactNode }) {
  const queryClient = getQueryClient();
  const [trpcClient] = useState(() =>
    createTRPCClient<AppRouter>({
      links: [
        loggerLink({
          enabled: (op) =>
            process.env.NODE_ENV === 'development' ||
            (op.direction === 'down' && op.result instanceof Error),
        }),
        httpBatchLink({ url: apiUrl(), transformer: superjson }),
      ],
    }),
  );
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}
