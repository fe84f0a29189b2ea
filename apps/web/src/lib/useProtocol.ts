import { useQuery } from '@tanstack/react-query';
import type { Hex } from 'viem';
import { getContractEvents, readContract } from 'viem/actions';
import { useConfig } from 'wagmi';
import { type SpokeName, chains, spokeNames } from '@tributary/config';
import { nodeOperatorRegistryAbi, tributaryOracleAbi } from '@tributary/contracts/abis';
import { type ChainRef, type SpokeChain, ethValue, getBacking, getRate, rateFromTotals, trETHAbi } from '@tributary/sdk';
import { useManifest, useRefreshOnBlock } from './hooks';
import type { RatePoint } from './protocol';
import { chainRefOf, hubRefOf } from './sdk';
import { clientOf } from './tx';
/** Reports shown in the table; the chart uses every report. */
const RECENT_REPORTS = 6;

export interface OracleReport extends RatePoint {
  refSlot: bigint;
  rewards: bigint;
  losses: bigint;
  feeShares: bigint;
  tx: Hex;
}

export interface Operator {
  id: number;
  name: string;
  active: boolean;
  depositedKeys: bigint;
  totalKeys: bigint;
}

export interface SpokeState {
  name: SpokeName;
  supply: bigint;
  rate: bigint;
  rateUpdatedAt: bigint;
  maxRateAge: bigint;
  /** Seconds since the rate's hub report, by the spoke's chain time, and whether its pool calls it stale. */
  rateAge: bigint;
  stale: boolean;
  /** The hub ledger's view of this spoke. */
  reportedSupply: bigint;
  backedShares: bigint;
  unbackedShares: bigint;
  inTransit: bigint;
  lastBatchId: bigint;
}

export interface ProtocolState {
  pooledEther: bigint;
  hubRate: bigint;
  hubSupply: bigint;
  lockboxBalance: bigint;
  totalInTransit: bigint;
  spokes: SpokeState[];
  operators: Operator[];
  totalDepositedKeys: bigint;
  reports: OracleReport[];
  recentReports: OracleReport[];
}

/** Everything the protocol page shows, read from the three chains; refreshed on every hub and spoke block. */
export function useProtocol() {
  const config = useConfig();
  const manifest = useManifest();
  const queryKey = ['protocol', manifest.chains.hub.contracts.TrETH] as const;
  const query = useQuery({
    queryKey,
    queryFn: async (): Promise<ProtocolState> => {
      const hub = manifest.chains.hub.contracts;
      const client = clientOf(config, chains.hub.chainId);
      const spokeRefs = spokeNames.map((name) => ({ spoke: chainRefOf(manifest, name) as ChainRef<SpokeChain>, spokeClient: clientOf(config, chains[name].chainId) }));
      const [pooledEther, hubRate, hubSupply, backing, spokeRates, operatorCount, totalDepositedKeys, frame, handled] = await Promise.all([
        readContract(client, { address: hub.TrETH, abi: trETHAbi, functionName: 'totalPooledEther' }),
        readContract(client, { address: hub.TrETH, abi: trETHAbi, functionName: 'getRate' }),
        readContract(client, { address: hub.TrETH, abi: trETHAbi, functionName: 'totalSupply' }),
        getBacking(client, { hub: hubRefOf(manifest), spokes: spokeRefs }),
        Promise.all(spokeRefs.map(({ spoke, spokeClient }) => getRate(spokeClient, { chain: spoke }))),
        readContract(client, { address: hub.NodeOperatorRegistry, abi: nodeOperatorRegistryAbi, functionName: 'operatorCount' }),
        readContract(client, { address: hub.NodeOperatorRegistry, abi: nodeOperatorRegistryAbi, functionName: 'totalDepositedKeys' }),
        readContract(client, { address: hub.TributaryOracle, abi: tributaryOracleAbi, functionName: 'frameConfig' }),
        getContractEvents(client, { address: hub.TrETH, abi: trETHAbi, eventName: 'OracleReportHandled', fromBlock: 0n }),
      ]);
      const operators = await Promise.all(
        Array.from({ length: Number(operatorCount) }, async (_, id) => {
          const operator = await readContract(client, { address: hub.NodeOperatorRegistry, abi: nodeOperatorRegistryAbi, functionName: 'getOperator', args: [BigInt(id)] });
          return { id, name: operator.name, active: operator.active, depositedKeys: operator.depositedKeys, totalKeys: operator.totalKeys };
        }),
      );
      const reports: OracleReport[] = handled.map((log) => ({
        refSlot: log.args.refSlot!,
        // A report describes the beacon state at its reference slot.
        time: Number(frame.genesisTime + log.args.refSlot! * frame.secondsPerSlot),
        rate: rateFromTotals(log.args.postTotalPooledEther!, log.args.totalShares!),
        rewards: log.args.rewards!,
        losses: log.args.losses!,
        feeShares: log.args.feeShares!,
        tx: log.transactionHash,
      }));
      const spokes = spokeNames.map((name, index): SpokeState => {
        const ledger = backing.spokes[index]!;
        const rate = spokeRates[index]!;
        return {
          name,
          supply: ledger.supply,
          rate: rate.rate,
          rateUpdatedAt: rate.updatedAt,
          maxRateAge: rate.maxAge ?? 0n,
          rateAge: rate.age,
          stale: rate.stale,
          reportedSupply: ledger.reportedSupply,
          backedShares: ledger.backedShares,
          unbackedShares: ledger.unbackedShares,
          inTransit: ledger.inTransit,
          lastBatchId: ledger.lastBatchId,
        };
      });
      const { lockboxBalance, totalInTransit } = backing;
      return { pooledEther, hubRate, hubSupply, lockboxBalance, totalInTransit, spokes, operators, totalDepositedKeys, reports, recentReports: reports.slice(-RECENT_REPORTS).reverse() };
    },
  });
  useRefreshOnBlock(chains.hub.chainId, [queryKey]);
  return query;
}

/** A spoke's TVL: its trETH supply at its own rate. */
export function spokeTvl(spoke: SpokeState): bigint {
  return ethValue(spoke.supply, spoke.rate);
}
