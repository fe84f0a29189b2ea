import { type Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import type { Manifest } from '@tributary/contracts';
import { chainClients } from './chains.ts';
import { BeaconClient } from './beacon.ts';
import { BackingGuard } from './duties/backingGuard.ts';
import { BatchSync, type BatchSyncOptions } from './duties/batchSync.ts';
import { Keeper } from './duties/keeper.ts';
import { LocalBridgeDelivery } from './duties/localBridge.ts';
import { LzDelivery, errorMessage } from './duties/lzDelivery.ts';
import { OracleMember } from './duties/oracleMember.ts';
import { RatePush } from './duties/ratePush.ts';
import { type Logger, silentLogger } from './log.ts';
import { RelayerStatus } from './status.ts';

export interface RelayerOptions {
  manifest: Manifest;
  /** Signs rate broadcasts on the hub. */
  relayerKey: Hex;
  /**
   * Signs local LayerZero verification and execution and the local bridge's hub payouts (devnet
   * infrastructure only: DVNs, executors and canonical bridges do this on public networks); omit
   * to not deliver.
   */
  lzDeliveryKey?: Hex;
  /** Stakes buffered ETH on the hub; omit to not run the keeper. */
  keeperKey?: Hex;
  /** One oracle committee member per key; needs `beaconUrl`. */
  oracleMemberKeys?: readonly Hex[];
  /** Beacon Node API the oracle members read. */
  beaconUrl?: string;
  pollIntervalMs?: number;
  /** When spoke batches leave for the hub (signed by `relayerKey`). */
  batch?: Partial<BatchSyncOptions>;
  log?: Logger;
}

/** A batch leaves a spoke at 32 ETH (a validator's worth) or 30 s after its first deposit. */
export const defaultBatchSyncOptions: BatchSyncOptions = { minBatchAssets: 32n * 10n ** 18n, maxBatchAgeSeconds: 30n };

export interface Relayer {
  readonly status: RelayerStatus;
  /** Resolves after the loop has finished its current tick. */
  stop(): Promise<void>;
}

export interface Duty {
  readonly name: string;
  tick(): Promise<unknown>;
}

/** Runs every duty in one loop: one writer per signer, and no duty races another on a chain. */
export function startRelayer(options: RelayerOptions): Relayer {
  const log = options.log ?? silentLogger;
  const pollIntervalMs = options.pollIntervalMs ?? 250;
  const clients = chainClients(options.manifest, pollIntervalMs);
  const duties: Duty[] = [];
  if (options.lzDeliveryKey) {
    const account = privateKeyToAccount(options.lzDeliveryKey);
    duties.push(new LzDelivery(options.manifest, clients, account, log));
    duties.push(new LocalBridgeDelivery(options.manifest, clients, account, log));
  }
  if (options.keeperKey) duties.push(new Keeper(options.manifest, clients.hub, privateKeyToAccount(options.keeperKey), log));
  if (options.oracleMemberKeys?.length) {
    if (!options.beaconUrl) throw new Error('oracle members need a beacon node URL (beaconUrl)');
    const beacon = new BeaconClient(options.beaconUrl);
    for (const key of options.oracleMemberKeys) duties.push(new OracleMember(options.manifest, clients.hub, privateKeyToAccount(key), beacon, log));
  }
  const relayerAccount = privateKeyToAccount(options.relayerKey);
  const ratePushOptions = { resendAfterMs: 30_000 };
  duties.push(new RatePush(options.manifest, clients, relayerAccount, ratePushOptions, log));
  duties.push(new BatchSync(options.manifest, clients, relayerAccount, { ...defaultBatchSyncOptions, ...options.batch }, log));
  duties.push(new BackingGuard(options.manifest, clients, relayerAccount, log));

  const status = new RelayerStatus();
  let running = true;
  let wake: (() => void) | undefined;
  const loop = (async () => {
    log('info', 'relayer started', { duties: duties.map((duty) => duty.name), pollIntervalMs });
    while (running) {
      for (const duty of duties) {
        try {
          await duty.tick();
          status.recordTick(duty.name, true);
        } catch (error) {
          status.recordTick(duty.name, false);
          log('error', 'duty failed; retrying next tick', { duty: duty.name, error: errorMessage(error) });
        }
      }
      status.lastLoopAt = Date.now();
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, pollIntervalMs);
      });
    }
    log('info', 'relayer stopped');
  })();

  return {
    status,
    async stop() {
      running = false;
      wake?.();
      await loop;
    },
  };
}
