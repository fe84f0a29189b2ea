import {
  type Chain,
  type PublicClient,
  type Transport,
  HttpRequestError,
  TimeoutError,
  createPublicClient,
  http,
} from 'viem';
import { type ChainName, chainNames } from '@tributary/config';
import { type Manifest, viemChain } from '@tributary/contracts';
import { type ChainSettingsInput, chainSchema } from './config.ts';
import type { RelayerMetrics } from './metrics.ts';

export interface ChainClient {
  name: ChainName;
  chain: Chain;
  public: PublicClient<Transport, Chain>;
  /** Blocks an event must be buried under before it is acted on. */
  confirmations: number;
  rpcPollingIntervalMs: number;
  reorgWindowBlocks: number;
  maxLogRange: number;
}

/**
 * HTTP polling on purpose: the relayer re-reads chain state every tick, so it needs no
 * subscriptions, and a plain request survives a node restart where a WebSocket must reconnect.
 * Every failed request is counted per chain; viem's own retries are off so the loop's backoff is
 * the only retry policy.
 */
function countedHttp(url: string, chain: ChainName, metrics: RelayerMetrics | undefined): Transport {
  const inner = http(url, { retryCount: 0, timeout: 10_000 });
  return (parameters) => {
    const transport = inner(parameters);
    return {
      ...transport,
      async request(args: Parameters<typeof transport.request>[0], options?: Parameters<typeof transport.request>[1]) {
        try {
          return await transport.request(args, options);
        } catch (error) {
          const kind = error instanceof HttpRequestError || error instanceof TimeoutError ? 'transport' : 'rpc';
          metrics?.rpcErrors.inc({ chain, kind });
          throw error;
        }
      },
    } as ReturnType<Transport>;
  };
}

/**
 * A client per chain this process runs; unset settings take the config schema's defaults and the
 * manifest's RPC URL. `rpcPollingIntervalMs` also bounds viem's block-number cache, so every tick
 * sees the newest block.
 */
export function chainClients(
  manifest: Manifest,
  settings: Partial<Record<ChainName, ChainSettingsInput>> = {},
  metrics?: RelayerMetrics,
): Record<ChainName, ChainClient> {
  return Object.fromEntries(
    chainNames.map((name) => {
      const { rpcUrl = manifest.chains[name].rpcUrl, ...own } = chainSchema.parse(settings[name] ?? {});
      const chain = viemChain(name, rpcUrl);
      const client = createPublicClient({ chain, transport: countedHttp(rpcUrl, name, metrics), pollingInterval: own.rpcPollingIntervalMs, cacheTime: 0 });
      return [name, { name, chain, public: client, ...own } satisfies ChainClient];
    }),
  ) as Record<ChainName, ChainClient>;
}
