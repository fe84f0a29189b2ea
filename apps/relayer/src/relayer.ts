import { type Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import type { Manifest } from '@tributary/contracts';
import { chainClients } from './chains.ts';
import { LzDelivery, errorMessage } from './duties/lzDelivery.ts';
import { RatePush } from './duties/ratePush.ts';
import { type Logger, silentLogger } from './log.ts';
import { RelayerStatus } from './status.ts';

export interface RelayerOptions {
  manifest: Manifest;
  /** Signs rate broadcasts on the hub. */
  relayerKey: Hex;
  /** Signs local LayerZero verification and execution (devnet only); omit to not deliver. */
  lzDeliveryKey?: Hex;
  pollIntervalMs?: number;
  heartbeatSeconds?: number;
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
  const ratePushOptions = { heartbeatSeconds: options.heartbeatSeconds ?? 3600, resendAfterMs: 30_000 };
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
