import type { Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { type ChainName, chainNames } from '@tributary/config';
import type { Manifest } from '@tributary/contracts';
import { type ChainTransportSettings, chainClients } from './chains.ts';
import { BeaconClient } from './beacon.ts';
import { redact } from './config.ts';
import { BackingGuard } from './duties/backingGuard.ts';
import { BatchSync, type BatchSyncOptions } from './duties/batchSync.ts';
import { type AttestationBoard, Guardian, MemoryAttestationBoard } from './duties/guardian.ts';
import { Keeper } from './duties/keeper.ts';
import { LossGuard } from './duties/lossGuard.ts';
import { LocalBridgeDelivery } from './duties/localBridge.ts';
import { DvnWorker } from './duties/dvn.ts';
import { LzExecutor } from './duties/lzExecutor.ts';
import { RateMonitor } from './duties/monitor.ts';
import { OracleMember } from './duties/oracleMember.ts';
import { ParkedRelease } from './duties/parkedRelease.ts';
import { RatePush, type RatePushOptions } from './duties/ratePush.ts';
import { type Logger, silentLogger } from './log.ts';
import { RelayerMetrics } from './metrics.ts';
import { RelayerStatus } from './status.ts';
import { CheckpointStore } from './store.ts';
import { type Context, type TxOptions, Signers, defaultTxOptions, errorMessage } from './tx.ts';

export interface DutySwitches {
  /** The LayerZero executor (commits and executes verified packets); signs with `lzDeliveryKey`. */
  lzDelivery: boolean;
  /** One DVN worker per `dvnKeys` entry. */
  dvn: boolean;
  localBridge: boolean;
  ratePush: boolean;
  batchSync: boolean;
  backingGuard: boolean;
  /** Releases credits the OFTs parked over their inbound limit once the window allows (permissionless). */
  parkedRelease: boolean;
  keeper: boolean;
  oracle: boolean;
  guardian: boolean;
  lossGuard: boolean;
}

export interface RelayerOptions {
  manifest: Manifest;
  /** Signs rate broadcasts and backing-guard calls on the hub, and batch syncs on the spokes. */
  relayerKey: Hex;
  /**
   * The LayerZero executor's key (ADMIN_ROLE on every chain's Executor) and the local bridge's hub
   * payer (devnet infrastructure only: executors and canonical bridges do this on public networks).
   */
  lzDeliveryKey?: Hex;
  /**
   * One DVN worker per key: each is the signer of one DVN contract on every chain, and verifies
   * only what it read from the source chain (devnet infrastructure, as `lzDeliveryKey`).
   */
  dvnKeys?: readonly Hex[];
  /** Stakes buffered ETH on the hub. */
  keeperKey?: Hex;
  /** One oracle committee member per key; needs `beaconUrl`. */
  oracleMemberKeys?: readonly Hex[];
  /** One deposit guardian per key (signs deposits, pauses on a front-run); needs `beaconUrl`. */
  guardianKeys?: readonly Hex[];
  /** A PAUSER_ROLE holder on TrETH: pauses instant exits on a beacon loss not reported yet; needs `beaconUrl`. */
  lossGuardKey?: Hex;
  /**
   * Where guardians publish attestations and the keeper reads them; by default one in-memory board
   * shared by this process's guardians and keeper.
   */
  attestationBoard?: AttestationBoard;
  /** Beacon Node API the oracle members, guardians and loss guard read. */
  beaconUrl?: string;
  /** Which duties run; by default every duty whose key is given. */
  duties?: Partial<DutySwitches>;
  /** Per-chain RPC URL (default: the manifest's), confirmations, poll interval, reorg window. */
  chains?: Partial<Record<ChainName, Partial<ChainTransportSettings>>>;
  /** Pause between passes of the duty loop. */
  pollIntervalMs?: number;
  /** When spoke batches leave for the hub. */
  batch?: Partial<BatchSyncOptions>;
  ratePush?: Partial<RatePushOptions>;
  tx?: Partial<TxOptions>;
  /** SQLite checkpoint file; ":memory:" (the default) keeps nothing across restarts. */
  database?: string;
  /** How long `stop()` waits for the current pass to finish. */
  shutdownGraceMs?: number;
  log?: Logger;
}

/** A batch leaves a spoke at 32 ETH (a validator's worth) or 30 s after its first deposit. */
export const defaultBatchSyncOptions: BatchSyncOptions = { minBatchAssets: 32n * 10n ** 18n, maxBatchAgeSeconds: 30n };
export const defaultRatePushOptions: RatePushOptions = { resendAfterMs: 30_000, heartbeatSeconds: 0 };

export interface Relayer {
  readonly status: RelayerStatus;
  readonly store: CheckpointStore;
  /** Finishes the current pass (or gives up after the grace period) and closes the checkpoints; true if it finished. */
  stop(): Promise<boolean>;
}

export interface Duty {
  readonly name: string;
  tick(): Promise<unknown>;
}

export class CheckpointMismatchError extends Error {
  override name = 'CheckpointMismatchError';
}

/**
 * A checkpoint belongs to one deployment: cursors and actions of other contracts would skip or
 * misread events. The first start stamps the database; a later start with another manifest fails.
 */
function claimCheckpoint(store: CheckpointStore, manifest: Manifest, database: string): void {
  const stamp = JSON.stringify(chainNames.map((name) => [name, manifest.chains[name].chainId, manifest.chains[name].contracts]));
  const stored = store.get('deployment');
  if (stored === undefined) store.set('deployment', stamp);
  else if (stored !== stamp) {
    store.close();
    throw new CheckpointMismatchError(`checkpoint database ${database} belongs to another deployment: point database at a new file, or remove this one`);
  }
}

/** Hides every configured private key from log lines, errors included. */
function redactingLogger(log: Logger, keys: readonly Hex[]): Logger {
  return (level, msg, fields = {}) =>
    log(level, redact(msg, keys), Object.fromEntries(Object.entries(fields).map(([key, value]) => [key, typeof value === 'string' ? redact(value, keys) : value])));
}

/** Runs every duty in one loop: one writer per signer, and no duty races another on a chain. */
export function startRelayer(options: RelayerOptions): Relayer {
  const keys = [options.relayerKey, options.lzDeliveryKey, options.keeperKey, options.lossGuardKey, ...(options.oracleMemberKeys ?? []), ...(options.guardianKeys ?? []), ...(options.dvnKeys ?? [])].filter(
    (key): key is Hex => key !== undefined,
  );
  const log = redactingLogger(options.log ?? silentLogger, keys);
  const pollIntervalMs = options.pollIntervalMs ?? 250;
  const metrics = new RelayerMetrics();
  const clients = chainClients(options.manifest, options.chains, metrics);
  const store = new CheckpointStore(options.database ?? ':memory:');
  claimCheckpoint(store, options.manifest, options.database ?? ':memory:');
  const ctx: Context = { store, metrics, log, tx: { ...defaultTxOptions, ...options.tx } };
  const signers = new Signers(ctx);
  const on: DutySwitches = {
    lzDelivery: options.lzDeliveryKey !== undefined,
    dvn: (options.dvnKeys?.length ?? 0) > 0,
    localBridge: options.lzDeliveryKey !== undefined,
    ratePush: true,
    batchSync: true,
    backingGuard: true,
    parkedRelease: true,
    keeper: options.keeperKey !== undefined,
    oracle: (options.oracleMemberKeys?.length ?? 0) > 0,
    guardian: (options.guardianKeys?.length ?? 0) > 0,
    lossGuard: options.lossGuardKey !== undefined,
    ...options.duties,
  };
  const need = (key: Hex | undefined, what: string): Hex => {
    if (!key) throw new Error(`the ${what} duty needs its key`);
    return key;
  };

  const duties: Duty[] = [];
  if (on.dvn) for (const key of options.dvnKeys ?? []) duties.push(new DvnWorker(options.manifest, clients, privateKeyToAccount(key), ctx, signers));
  if (on.lzDelivery) duties.push(new LzExecutor(options.manifest, clients, privateKeyToAccount(need(options.lzDeliveryKey, 'lzDelivery')), ctx, signers));
  if (on.localBridge) duties.push(new LocalBridgeDelivery(options.manifest, clients, privateKeyToAccount(need(options.lzDeliveryKey, 'localBridge')), ctx, signers));
  // First on the hub: a loss seen this pass pauses instant exits before anything else runs.
  if (on.lossGuard) {
    if (!options.beaconUrl) throw new Error('the loss guard needs a beacon node URL (beaconUrl)');
    const account = privateKeyToAccount(need(options.lossGuardKey, 'lossGuard'));
    duties.push(new LossGuard(options.manifest, clients.hub, account, new BeaconClient(options.beaconUrl), ctx, signers));
  }
  const board = options.attestationBoard ?? new MemoryAttestationBoard();
  // Guardians before the keeper, so one pass can attest and deposit.
  if (on.guardian) {
    if (!options.beaconUrl) throw new Error('deposit guardians need a beacon node URL (beaconUrl)');
    const beacon = new BeaconClient(options.beaconUrl);
    for (const key of options.guardianKeys ?? []) duties.push(new Guardian(options.manifest, clients.hub, privateKeyToAccount(key), beacon, board, ctx, signers));
  }
  if (on.keeper) duties.push(new Keeper(options.manifest, clients.hub, privateKeyToAccount(need(options.keeperKey, 'keeper')), board, ctx, signers));
  if (on.oracle) {
    if (!options.beaconUrl) throw new Error('oracle members need a beacon node URL (beaconUrl)');
    const beacon = new BeaconClient(options.beaconUrl);
    for (const key of options.oracleMemberKeys ?? []) duties.push(new OracleMember(options.manifest, clients.hub, privateKeyToAccount(key), beacon, ctx, signers));
  }
  const relayerAccount = privateKeyToAccount(options.relayerKey);
  if (on.ratePush) duties.push(new RatePush(options.manifest, clients, relayerAccount, { ...defaultRatePushOptions, ...options.ratePush }, ctx, signers));
  if (on.batchSync) duties.push(new BatchSync(options.manifest, clients, relayerAccount, { ...defaultBatchSyncOptions, ...options.batch }, ctx, signers));
  if (on.backingGuard) duties.push(new BackingGuard(options.manifest, clients, relayerAccount, ctx, signers));
  if (on.parkedRelease) duties.push(new ParkedRelease(options.manifest, clients, relayerAccount, ctx, signers));
  duties.push(new RateMonitor(options.manifest, clients, ctx));

  const status = new RelayerStatus(metrics, clients);
  let running = true;
  let wake: (() => void) | undefined;
  const loop = (async () => {
    log('info', 'relayer started', { duties: duties.map((duty) => duty.name), pollIntervalMs, database: options.database ?? ':memory:' });
    while (running) {
      for (const duty of duties) {
        if (!running) break;
        try {
          await duty.tick();
          status.recordTick(duty.name, true);
        } catch (error) {
          status.recordTick(duty.name, false);
          log('error', 'duty failed; retrying next pass', { duty: duty.name, error: errorMessage(error) });
        }
      }
      metrics.actionsBackingOff.reset();
      for (const [duty, count] of store.backingOff()) metrics.actionsBackingOff.set({ duty }, count);
      status.recordLoop();
      if (!running) break;
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, pollIntervalMs);
      });
    }
  })();

  let stopped: Promise<boolean> | undefined;
  return {
    status,
    store,
    stop() {
      stopped ??= (async () => {
        running = false;
        wake?.();
        const grace = options.shutdownGraceMs ?? 10_000;
        let timer: NodeJS.Timeout | undefined;
        const finished = await Promise.race([loop.then(() => true), new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), grace)))]);
        clearTimeout(timer);
        // Work cut off here is checkpointed (signed transactions and cursors), so the next start resumes it.
        if (finished) store.close();
        log(finished ? 'info' : 'warn', finished ? 'relayer stopped' : 'relayer stopped with work in flight; the checkpoint resumes it', { graceMs: grace });
        return finished;
      })();
      return stopped;
    },
  };
}
