import type { Client } from 'viem';
import { readContract } from 'viem/actions';
import { backingLedgerAbi, trETHOFTAbi } from '../abis.js';
import { queryOptionsOf } from '../query.js';
import type { ChainRef, HubChain, SpokeChain } from '../manifest.js';
import { read } from './internal.js';

export interface SpokeBacking {
  chain: string;
  eid: number;
  /** trETH supply on the spoke now (read on the spoke). */
  supply: bigint;
  /** Spoke supply as its latest batch reported it (read on the hub). */
  reportedSupply: bigint;
  /** Shares locked in the hub lockbox for this spoke's batches. */
  backedShares: bigint;
  /** Spoke-minted shares the ledger's reserve could not cover yet. */
  unbackedShares: bigint;
  /** Batch ETH counted on the hub before it lands. */
  inTransit: bigint;
  landedAssets: bigint;
  mintedShares: bigint;
  lastBatchId: bigint;
}

export interface Backing {
  /** Hub trETH held by the OFT lockbox: backs all trETH outside the hub. */
  lockboxBalance: bigint;
  /** Batch ETH counted as pooled on the hub but not landed yet, over all spokes. */
  totalInTransit: bigint;
  spokes: SpokeBacking[];
}

/**
 * What backs one spoke's trETH: its live supply (read with `spokeClient`) next to the hub
 * ledger's record of it (read with `client`, the hub's).
 */
export async function getSpokeBacking(client: Client, { hub, spoke, spokeClient }: { hub: ChainRef<HubChain>; spoke: ChainRef<SpokeChain>; spokeClient: Client }): Promise<SpokeBacking> {
  const [record, supply] = await Promise.all([
    read(hub, readContract(client, { address: hub.contracts.BackingLedger, abi: backingLedgerAbi, functionName: 'spoke', args: [spoke.eid] })),
    read(spoke, readContract(spokeClient, { address: spoke.contracts.TrETH, abi: trETHOFTAbi, functionName: 'totalSupply' })),
  ]);
  const { reportedSupply, backedShares, unbackedShares, inTransit, landedAssets, mintedShares, lastBatchId } = record;
  return { chain: spoke.name, eid: spoke.eid, supply, reportedSupply, backedShares, unbackedShares, inTransit, landedAssets, mintedShares, lastBatchId };
}

/**
 * What backs each spoke's trETH, and the lockbox total. `client` reads the hub; each spoke comes
 * with its own client.
 *
 * @example
 * const { spokes } = await getBacking(hubClient, { hub, spokes: [{ spoke: alpha, spokeClient: alphaClient }] });
 */
export async function getBacking(client: Client, { hub, spokes }: { hub: ChainRef<HubChain>; spokes: readonly { spoke: ChainRef<SpokeChain>; spokeClient: Client }[] }): Promise<Backing> {
  const ledger = { address: hub.contracts.BackingLedger, abi: backingLedgerAbi } as const;
  const [lockboxBalance, totalInTransit, perSpoke] = await Promise.all([
    read(hub, readContract(client, { ...ledger, functionName: 'lockboxBalance' })),
    read(hub, readContract(client, { ...ledger, functionName: 'totalInTransit' })),
    Promise.all(spokes.map(({ spoke, spokeClient }) => getSpokeBacking(client, { hub, spoke, spokeClient }))),
  ]);
  return { lockboxBalance, totalInTransit, spokes: perSpoke };
}

/** Query options for {@link getBacking}, for TanStack Query (`useQuery`). */
export const getBackingQueryOptions = /* @__PURE__ */ queryOptionsOf('getBacking', getBacking);
