import type { Hex } from 'viem';
import { type LocalAccount, privateKeyToAccount } from 'viem/accounts';
import { chainNames } from '@tributary/config';
import type { Manifest } from '@tributary/contracts';
import { chainClients } from './chains.ts';
import { BeaconClient } from './beacon.ts';
import { type RelayerConfig, redact } from './config.ts';
import { BackingGuard } from './duties/backingGuard.ts';
import { BatchSync } from './duties/batchSync.ts';
import { type AttestationBoard, Guardian, MemoryAttestationBoard } from './duties/guardian.ts';
import { Keeper } from './duties/keeper.ts';
import { LossGuard } from './duties/lossGuard.ts';
import { LocalBridgeDelivery } from './duties/localBridge.ts';
import { DvnWorker } from './duties/dvn.ts';
import { LzExecutor } from './duties/lzExecutor.ts';
import { RateMonitor } from './duties/monitor.ts';
import { OracleMember } from './duties/oracleMember.ts';
import { ParkedRelease } from './duties/parkedRelease.ts';
import { RatePush } from './duties/ratePush.ts';
import { type Logger, silentLogger } from './log.ts';
import { RelayerMetrics } from './metrics.ts';
import { RelayerStatus } from './status.ts';
import { CheckpointStore } from './store.ts';
import { errorMessage } from './actions.ts';
import { type Context, Signers } from './signer.ts';
import type { DutyDeps } from './duties/duty.ts';

export type DutySwitches = RelayerConfig['duties'];

/** What the process supplies beside the config. */
export interface RelayerRuntime {
  log?: Logger;
  /**
   * Where guardians publish attestations and the keeper reads them; by default one in-memory board
   * shared by this process's guardians and keeper.
   */
  attestationBoard?: AttestationBoard;
}

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
export function startRelayer(config: RelayerConfig, runtime: RelayerRuntime = {}): Relayer {
  const { keys, duties: on, manifest, database } = config;
  const allKeys = [keys.relayer, keys.lzDelivery, keys.keeper, keys.lossGuard, ...keys.oracleMembers, ...keys.guardians, ...keys.dvns].filter((key): key is Hex => key !== undefined);
  const log = redactingLogger(runtime.log ?? silentLogger, allKeys);
  const metrics = new RelayerMetrics();
  const clients = chainClients(manifest, config.chains, metrics);
  const store = new CheckpointStore(database);
  claimCheckpoint(store, manifest, database);
  const ctx: Context = { store, metrics, log, tx: config.tx };
  const deps: DutyDeps = { manifest, clients, ctx, signers: new Signers(ctx) };
  // The config has checked that every duty switched on has its key (and a beacon node where it reads one).
  const account = (key: Hex | undefined): LocalAccount => privateKeyToAccount(key!);
  const beacon = () => new BeaconClient(config.beaconUrl!);

  const duties: Duty[] = [];
  if (on.dvn) for (const key of keys.dvns) duties.push(new DvnWorker(deps, account(key)));
  if (on.lzDelivery) duties.push(new LzExecutor(deps, account(keys.lzDelivery)));
  if (on.localBridge) duties.push(new LocalBridgeDelivery(deps, account(keys.lzDelivery)));
  // First on the hub: a loss seen this pass pauses instant exits before anything else runs.
  if (on.lossGuard) duties.push(new LossGuard(deps, account(keys.lossGuard), beacon()));
  const board = runtime.attestationBoard ?? new MemoryAttestationBoard();
  // Guardians before the keeper, so one pass can attest and deposit.
  if (on.guardian) {
    const guardianBeacon = beacon();
    for (const key of keys.guardians) duties.push(new Guardian(deps, account(key), guardianBeacon, board));
  }
  if (on.keeper) duties.push(new Keeper(deps, account(keys.keeper), board));
  if (on.oracle) {
    const oracleBeacon = beacon();
    for (const key of keys.oracleMembers) duties.push(new OracleMember(deps, account(key), oracleBeacon));
  }
  const relayerAccount = account(keys.relayer);
  if (on.ratePush) duties.push(new RatePush(deps, relayerAccount, config.ratePush));
  if (on.batchSync) duties.push(new BatchSync(deps, relayerAccount, config.batch));
  if (on.backingGuard) duties.push(new BackingGuard(deps, relayerAccount));
  if (on.parkedRelease) duties.push(new ParkedRelease(deps, relayerAccount));
  duties.push(new RateMonitor(deps));

  const status = new RelayerStatus(metrics, clients);
  let running = true;
  let wake: (() => void) | undefined;
  const loop = (async () => {
    log('info', 'relayer started', { duties: duties.map((duty) => duty.name), loopIntervalMs: config.loopIntervalMs, database });
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
        setTimeout(resolve, config.loopIntervalMs);
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
        const grace = config.shutdownGraceMs;
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
