import type { Client } from 'viem';

/** TanStack Query's options for a read action: what a wagmi-style hook passes to `useQuery`. */
export interface ActionQueryOptions<R> {
  queryKey: readonly ['tributary', string, unknown];
  queryFn: () => Promise<R>;
}

/** Params as a query key: plain JSON (bigints as strings, clients dropped), so any cache can hash it. */
function keyOf(params: unknown): unknown {
  return JSON.parse(
    JSON.stringify(params, (_, value: unknown) => {
      if (typeof value === 'bigint') return value.toString();
      if (isClient(value)) return { client: value.uid, chainId: value.chain?.id };
      return value;
    }),
  );
}

function isClient(value: unknown): value is Client {
  return typeof value === 'object' && value !== null && 'uid' in value && 'request' in value && 'transport' in value;
}

/**
 * Query options for `action`: keyed by its name and params, fetched with `client`. Each action
 * module exports its own, so a page bundles only the actions (and ABIs) it queries.
 */
export function queryOptionsOf<P, R>(name: string, action: (client: Client, params: P) => Promise<R>) {
  return (client: Client, params: P): ActionQueryOptions<R> => ({
    queryKey: ['tributary', name, keyOf({ client, params })],
    queryFn: () => action(client, params),
  });
}

