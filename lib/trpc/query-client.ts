import { defaultShouldDehydrateQuery, QueryClient } from '@tanstack/react-query';
import superjson from 'superjson';

/**
 * A QueryClient as both the server render and the browser need it: data serialized with
 * superjson (the API's transformer, so dates stay dates across the hydration boundary), and
 * still-pending queries dehydrated too, so a server component may start a prefetch without
 * awaiting it and a client component below picks up the promise.
 */
export function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Above zero so the browser does not refetch what the server has just rendered.
        staleTime: 30 * 1000,
      },
      dehydrate: {
        serializeData: superjson.serialize,
        shouldDehydrateQuery: (query) =>
          defaultShouldDehydrateQuery(query) || query.state.status === 'pending',
      },
      hydrate: {
        deserializeData: superjson.deserialize,
      },
    },
  });
}
