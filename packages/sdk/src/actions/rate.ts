import type { Client } from 'viem';
import { getBlock, readContract } from 'viem/actions';
import { rateReceiverAbi, spokePoolAbi, trETHAbi } from '../abis.js';
import { queryOptionsOf } from '../query.js';
import type { ChainRef } from '../manifest.js';
import { read } from './internal.js';

export interface RateInfo {
  chain: string;
  role: 'hub' | 'spoke';
  /** ETH per 1e18 trETH, 18 decimals (0 on a spoke that has no rate yet). */
  rate: bigint;
  /** Hub time (seconds) of the oracle report the rate comes from. */
  updatedAt: bigint;
  /** Seconds between `updatedAt` and the block every field was read at: chain time, never the wall clock. */
  age: bigint;
  /** The block every field was read at, so the rate, its report time and its age always agree. */
  blockNumber: bigint;
  /** That block's timestamp. */
  blockTime: bigint;
  /** Spoke only: the age past which the SpokePool refuses deposits (`maxRateAge`). */
  maxAge?: bigint;
  /** Spoke only: no rate, or older than `maxAge` (deposits would revert). Always false on the hub. */
  stale: boolean;
}

/**
 * Whether a spoke rate reported at `updatedAt` is too old for the pool at `blockTime`: judged as
 * the SpokePool judges it, by chain time (a rate of 0 means none has arrived).
 */
export function isStaleRate({ rate, updatedAt, maxAge, blockTime }: { rate: bigint; updatedAt: bigint; maxAge: bigint; blockTime: bigint }): boolean {
  return rate === 0n || blockTime - updatedAt > maxAge;
}

/**
 * The trETH rate on a chain and how old it is. Hub: `TrETH.getRate()` and `lastReportTime()`.
 * Spoke: the RateReceiver's rate and report time, and whether the SpokePool would call it stale.
 * All of it is read at one block: a report landing mid-call cannot mix two reports.
 *
 * @example
 * const { rate, age, stale } = await getRate(client, { chain: chainOf(manifest, 'alpha') });
 */
export async function getRate(client: Client, { chain }: { chain: ChainRef }): Promise<RateInfo> {
  const { number: blockNumber, timestamp: blockTime } = await getBlock(client);
  const ageOf = (updatedAt: bigint) => (blockTime > updatedAt ? blockTime - updatedAt : 0n);
  if (chain.role === 'hub') {
    const address = chain.contracts.TrETH;
    const [rate, updatedAt] = await Promise.all([
      read(chain, readContract(client, { address, abi: trETHAbi, functionName: 'getRate', blockNumber })),
      read(chain, readContract(client, { address, abi: trETHAbi, functionName: 'lastReportTime', blockNumber })),
    ]);
    return { chain: chain.name, role: 'hub', rate, updatedAt, age: ageOf(updatedAt), blockNumber, blockTime, stale: false };
  }
  const [[rate, updatedAt], maxAge] = await Promise.all([
    read(chain, readContract(client, { address: chain.contracts.RateReceiver, abi: rateReceiverAbi, functionName: 'rateAndUpdatedAt', blockNumber })),
    read(chain, readContract(client, { address: chain.contracts.SpokePool, abi: spokePoolAbi, functionName: 'maxRateAge', blockNumber })),
  ]);
  const age = ageOf(updatedAt);
  return { chain: chain.name, role: 'spoke', rate, updatedAt, age, blockNumber, blockTime, maxAge, stale: isStaleRate({ rate, updatedAt, maxAge, blockTime }) };
}

/** 1e18: rates are ETH per 1e18 trETH. */
const WAD = 10n ** 18n;

/** What `shares` trETH are worth in ETH at `rate` (rounded down). */
export function ethValue(shares: bigint, rate: bigint): bigint {
  return (shares * rate) / WAD;
}

/** trETH per 1 ETH (18 decimals) from a rate in ETH per 1e18 trETH; 0 for no rate. */
export function inverseRate(rate: bigint): bigint {
  return rate === 0n ? 0n : (WAD * WAD) / rate;
}

/** The pool's rate from its totals (as `OracleReportHandled` reports them): pooled ETH per 1e18 shares, 1:1 when empty. */
export function rateFromTotals(pooledEther: bigint, totalShares: bigint): bigint {
  return totalShares === 0n ? WAD : (pooledEther * WAD) / totalShares;
}

/** Query options for {@link getRate}, for TanStack Query (`useQuery`). */
export const getRateQueryOptions = /* @__PURE__ */ queryOptionsOf('getRate', getRate);
