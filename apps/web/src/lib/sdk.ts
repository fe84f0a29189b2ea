import { type QueryKey, useQuery } from '@tanstack/react-query';
import type { Client } from 'viem';
import { useClient } from 'wagmi';
import { type ChainName, chains } from '@tributary/config';
import type { Manifest } from '@tributary/contracts';
import { type ActionQueryOptions, type ChainRef, type HubChain, type TributaryManifest, chainOf } from '@tributary/sdk';
import { useManifest, useRefreshOnBlock } from './hooks';

/** A chain of the manifest as the SDK's actions take it, labelled as the page names it. */
export function chainRefOf(manifest: Manifest, name: ChainName): ChainRef {
  return chainOf(manifest as TributaryManifest, name, chains[name].label);
}

export function hubRefOf(manifest: Manifest): ChainRef<HubChain> {
  return chainRefOf(manifest, 'hub') as ChainRef<HubChain>;
}

/** The chain's entry for the SDK, from the manifest the page was served with. */
export function useChainRef(name: ChainName): ChainRef {
  return chainRefOf(useManifest(), name);
}

/**
 * Runs an SDK read through TanStack Query, as wagmi's `useReadContract` runs
 * `readContractQueryOptions`: `options` builds the query from the chain's client, and it refetches
 * on every block of that chain. Disabled until `enabled` (and the client) are there.
 */
export function useSdkQuery<R>(name: ChainName, options: (client: Client) => ActionQueryOptions<R>, enabled = true) {
  const chainId = chains[name].chainId;
  const client = useClient({ chainId });
  const built: { queryKey: QueryKey; queryFn: () => Promise<R> } = client
    ? options(client)
    : { queryKey: ['tributary', 'no client', chainId], queryFn: () => Promise.reject(new Error(`${chains[name].label} is not configured`)) };
  const query = useQuery({ ...built, enabled: enabled && client !== undefined });
  useRefreshOnBlock(chainId, [built.queryKey]);
  return query;
}
