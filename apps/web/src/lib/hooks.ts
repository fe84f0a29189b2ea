import { type QueryKey, useQueryClient } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useRef, useState } from 'react';
import { type Address, erc20Abi } from 'viem';
import { useBlockNumber, useReadContract } from 'wagmi';
import { type ChainName, chains } from '@tributary/config';
import type { Manifest } from '@tributary/contracts';

export const ManifestContext = createContext<Manifest | null>(null);

/** The deployment manifest the server read for this request. */
export function useManifest(): Manifest {
  const manifest = useContext(ManifestContext);
  if (!manifest) throw new Error('useManifest must be used inside <Providers>');
  return manifest;
}

/** Refetches the given queries whenever `chainId` mines a block: balances and quotes follow the chain. */
export function useRefreshOnBlock(chainId: number, queryKeys: readonly QueryKey[]): bigint | undefined {
  const queryClient = useQueryClient();
  const { data: blockNumber } = useBlockNumber({ chainId, watch: true });
  const keys = useRef(queryKeys);
  keys.current = queryKeys;
  useEffect(() => {
    if (blockNumber === undefined) return;
    for (const queryKey of keys.current) void queryClient.invalidateQueries({ queryKey });
  }, [blockNumber, queryClient]);
  return blockNumber;
}

/** `value`, once it has stopped changing for `delayMs`: typing does not fire a read per keystroke. */
export function useDebounced<T>(value: T, delayMs: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return settled;
}

/**
 * `owner`'s trETH on `name`, refreshed on that chain's blocks. One query per chain and owner,
 * whichever page reads it, so a balance an action invalidated is fresh on every page.
 */
export function useTrEthBalance(name: ChainName, owner: Address | undefined) {
  const manifest = useManifest();
  const chainId = chains[name].chainId;
  const balance = useReadContract({ address: manifest.chains[name].contracts.TrETH, abi: erc20Abi, functionName: 'balanceOf', args: owner ? [owner] : undefined, chainId, query: { enabled: !!owner } });
  useRefreshOnBlock(chainId, [balance.queryKey]);
  return balance;
}
