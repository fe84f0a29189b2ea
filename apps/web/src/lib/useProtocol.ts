import { useQuery } from '@tanstack/react-query';
import { useConfig } from 'wagmi';
import { type SpokeName, chains, spokeNames } from '@tributary/config';
import { type ChainRef, type Operator, type OracleReport, type SpokeChain, ethValue, getBacking, getOperators, getOracleReports, getPool, getRate } from '@tributary/sdk';
import { useManifest, useRefreshOnBlock } from './hooks';
import { chainRefOf, hubRefOf } from './sdk';
import { clientOf } from './tx';
/** Reports shown in the table; the chart uses every report. */
const RECENT_REPORTS = 6;

export type { Operator, OracleReport };

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
      const hub = hubRefOf(manifest);
      const client = clientOf(config, chains.hub.chainId);
      const spokeRefs = spokeNames.map((name) => ({ spoke: chainRefOf(manifest, name) as ChainRef<SpokeChain>, spokeClient: clientOf(config, chains[name].chainId) }));
      const [pool, backing, spokeRates, { operators, totalDepositedKeys }, reports] = await Promise.all([
        getPool(client, { hub }),
        getBacking(client, { hub, spokes: spokeRefs }),
        Promise.all(spokeRefs.map(({ spoke, spokeClient }) => getRate(spokeClient, { chain: spoke }))),
        getOperators(client, { hub }),
        getOracleReports(client, { hub }),
      ]);
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
      return { pooledEther: pool.pooledEther, hubRate: pool.rate, hubSupply: pool.supply, lockboxBalance, totalInTransit, spokes, operators, totalDepositedKeys, reports, recentReports: reports.slice(-RECENT_REPORTS).reverse() };
    },
  });
  useRefreshOnBlock(chains.hub.chainId, [queryKey]);
  return query;
}

/** A spoke's TVL: its trETH supply at its own rate. */
export function spokeTvl(spoke: SpokeState): bigint {
  return ethValue(spoke.supply, spoke.rate);
}
