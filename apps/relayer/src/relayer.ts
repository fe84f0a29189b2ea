import { type Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import type { Manifest } from '@tributary/contracts';
import { chainClients } from './chains.ts';
import { BeaconClient } from './beacon.ts';
import { Keeper } from './duties/keeper.ts';
import { LzDelivery, errorMessage } from './duties/lzDelivery.ts';
import { OracleMember } from './duties/oracleMember.ts';
import { RatePush } from './duties/ratePush.ts';
import { type Logger, silentLogger } from './log.ts';
import { RelayerStatus } from './status.ts';

export interface RelayerOptions {
  manifest: Manifest;
  /** Signs rate broadcasts on the hub. */
  relayerKey: Hex;
  /** Signs local LayerZero verification and execution (devnet only); omit to not deliver. */
  lzDeliveryKey?: Hex;
  /** Stakes buffered ETH on the hub; omit to not run the keeper. */
  keeperKey?: Hex;
  /** One oracle committee member per key; needs `beaconUrl`. */
  oracleMemberKeys?: readonly Hex[];
  /** Beacon Node API the oracle members read. */
  beaconUrl?: string;
  pollIntervalMs?: number;
  log?: Logger;
}

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
    duties.push(new LzDelivery(options.manifest, clients, privateKeyToAccount(options.lzDeliveryKey), log));
  }
  if (options.keeperKey) duties.push(new Keeper(options.manifest, clients.hub, privateKeyToAccount(options.keeperKey), log));
  if (options.oracleMemberKeys?.length) {
    if (!options.beaconUrl) throw new Error('oracle members need a beacon node URL (beaconUrl)');
    const beacon = new BeaconClient(options.beaconUrl);
    for (const key of options.oracleMemberKeys) duties.push(new OracleMember(options.manifest, clients.hub, privateKeyToAccount(key), beacon, log));
  }
  const ratePushOptions = { resendAfterMs: 30_000 };
  duties.push(new RatePush(options.manifest, clients, privateKeyToAccount(options.relayerKey), ratePushOptions, log));

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
