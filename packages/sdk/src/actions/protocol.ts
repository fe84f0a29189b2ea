import type { Address, Client, Hash } from 'viem';
import { getContractEvents, readContract } from 'viem/actions';
import { nodeOperatorRegistryAbi, trETHAbi, tributaryOracleAbi } from '../abis.js';
import { UnsupportedChainError } from '../errors.js';
import type { ChainRef, HubChain } from '../manifest.js';
import { queryOptionsOf } from '../query.js';
import { read } from './internal.js';
import { rateFromTotals } from './rate.js';

export interface PoolState {
  /** ETH the hub pool accounts for (buffered, on validators, in transit from spokes). */
  pooledEther: bigint;
  rate: bigint;
  /** trETH supply on the hub (spoke supplies are backed by the lockbox's share of it). */
  supply: bigint;
}

export interface Operator {
  id: number;
  name: string;
  active: boolean;
  depositedKeys: bigint;
  totalKeys: bigint;
}

export interface OracleReport {
  refSlot: bigint;
  /** Unix seconds of the reference slot: a report describes the beacon state there. */
  time: number;
  /** The rate after the report. */
  rate: bigint;
  rewards: bigint;
  losses: bigint;
  feeShares: bigint;
  tx: Hash;
}

function hubContract(hub: ChainRef<HubChain>, name: 'NodeOperatorRegistry' | 'TributaryOracle'): Address {
  const address = hub.contracts[name];
  if (!address) throw new UnsupportedChainError(hub.name, `has no ${name} in the manifest`);
  return address;
}

/** The hub pool's totals and rate, at one block. */
export async function getPool(client: Client, { hub }: { hub: ChainRef<HubChain> }): Promise<PoolState> {
  const pool = { address: hub.contracts.TrETH, abi: trETHAbi } as const;
  const [pooledEther, rate, supply] = await Promise.all([
    read(hub, readContract(client, { ...pool, functionName: 'totalPooledEther' })),
    read(hub, readContract(client, { ...pool, functionName: 'getRate' })),
    read(hub, readContract(client, { ...pool, functionName: 'totalSupply' })),
  ]);
  return { pooledEther, rate, supply };
}

/** The node operators, by id, and the validators deposited over all of them. */
export async function getOperators(client: Client, { hub }: { hub: ChainRef<HubChain> }): Promise<{ operators: Operator[]; totalDepositedKeys: bigint }> {
  const registry = { address: hubContract(hub, 'NodeOperatorRegistry'), abi: nodeOperatorRegistryAbi } as const;
  const [count, totalDepositedKeys] = await Promise.all([
    read(hub, readContract(client, { ...registry, functionName: 'operatorCount' })),
    read(hub, readContract(client, { ...registry, functionName: 'totalDepositedKeys' })),
  ]);
  const operators = await Promise.all(
    Array.from({ length: Number(count) }, async (_, id) => {
      const { name, active, depositedKeys, totalKeys } = await read(hub, readContract(client, { ...registry, functionName: 'getOperator', args: [BigInt(id)] }));
      return { id, name, active, depositedKeys, totalKeys };
    }),
  );
  return { operators, totalDepositedKeys };
}

/** Every oracle report the pool applied, oldest first, dated by its reference slot and with the rate it set. */
export async function getOracleReports(client: Client, { hub, fromBlock = 0n }: { hub: ChainRef<HubChain>; fromBlock?: bigint }): Promise<OracleReport[]> {
  const [frame, handled] = await Promise.all([
    read(hub, readContract(client, { address: hubContract(hub, 'TributaryOracle'), abi: tributaryOracleAbi, functionName: 'frameConfig' })),
    read(hub, getContractEvents(client, { address: hub.contracts.TrETH, abi: trETHAbi, eventName: 'OracleReportHandled', fromBlock, strict: true })),
  ]);
  return handled.map(({ args, transactionHash }) => ({
    refSlot: args.refSlot,
    time: Number(frame.genesisTime + args.refSlot * frame.secondsPerSlot),
    rate: rateFromTotals(args.postTotalPooledEther, args.totalShares),
    rewards: args.rewards,
    losses: args.losses,
    feeShares: args.feeShares,
    tx: transactionHash,
  }));
}

/** Query options for {@link getPool}, for TanStack Query (`useQuery`). */
export const getPoolQueryOptions = /* @__PURE__ */ queryOptionsOf('getPool', getPool);
/** Query options for {@link getOperators}, for TanStack Query (`useQuery`). */
export const getOperatorsQueryOptions = /* @__PURE__ */ queryOptionsOf('getOperators', getOperators);
/** Query options for {@link getOracleReports}, for TanStack Query (`useQuery`). */
export const getOracleReportsQueryOptions = /* @__PURE__ */ queryOptionsOf('getOracleReports', getOracleReports);
