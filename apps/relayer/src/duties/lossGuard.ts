/**
 * The loss guard. A slashing or a balance drop is public on the beacon chain at once, but the pool's
 * rate only falls when the oracle reports the frame; until then a holder who saw it could exit
 * instantly at the pre-loss rate and leave the loss to the others. Each pass the guard compares the
 * pool's validators now with the last applied report and, on a loss the next report will show,
 * pauses TrETH's instant exits until the next report (the withdrawal queue, priced at finalization,
 * stays open). The guard never resumes anything (its key cannot: every resume is the timelock's):
 * the next applied report lifts its pause on chain, and the guard only records that. Its pause is
 * checkpointed, so a restart knows it; a report that did not carry the loss yet lifts it too, and
 * the guard then pauses again under the new report.
 */
import type { TransactionReceipt } from 'viem';
import { trETHAbi, tributaryOracleAbi } from '@tributary/contracts';
import type { BeaconValidator } from '../beacon.ts';
import { runAction } from '../actions.ts';
import { DEPOSIT_SIZE } from './keeper.ts';
import { BeaconDuty, summarizeValidators } from './oracleMember.ts';

/** Checkpoint key of the guard's own pause. */
const PAUSE_KEY = 'loss-guard:pause';
/** One pause per report frame: keyed by the report it was made under. */
const pauseActionId = (lastReportTime: bigint) => `loss-guard:pause:${lastReportTime}`;

/** A pause the guard made: the block time it landed. */
export interface GuardPause {
  pausedAt: bigint;
}

export interface LossGuardInput {
  /** The pool's validators at the beacon head. */
  validators: readonly BeaconValidator[];
  /** The same validators at the last applied report's reference slot. */
  validatorsAtReport: readonly BeaconValidator[];
  /** What the last applied report left on chain (TrETH's `lastReportTime` and `beaconStats`). */
  lastReport: { time: bigint; beaconValidators: bigint; beaconBalance: bigint };
  /** The withdrawal vault now: ETH the beacon chain paid out since the report, which the next one counts. */
  vaultBalance: bigint;
  instantWithdrawalsPaused: boolean;
  /** The guard's own pause, if it made the one in force. */
  guardPause?: GuardPause;
  /** The guard already paused once since the last report (so a lift since was someone's decision). */
  pausedUnderThisReport: boolean;
}

export type LossGuardAction =
  | { kind: 'pause'; reasons: string[] }
  /** A report applied after the guard's pause lifted it on chain; `stillPaused`: another pause holds. */
  | { kind: 'lifted'; stillPaused: boolean }
  /** The guard's pause was lifted before any report (the timelock resumed): drop the record. */
  | { kind: 'forget' }
  | { kind: 'none'; reason: 'no-loss' | 'paused-by-guard' | 'paused-by-other' | 'overridden' | 'awaiting-report' };

/**
 * Why the next report will show a loss: a validator slashed since the report's reference slot, or
 * a beacon side (live balances plus the vault, less 32 ETH per validator that appeared since, which
 * the pool already counted as a deposit) below the reported beacon balance.
 */
export function findLoss(input: Pick<LossGuardInput, 'validators' | 'validatorsAtReport' | 'lastReport' | 'vaultBalance'>): string[] {
  const slashedAtReport = new Set(input.validatorsAtReport.filter((v) => v.validator.slashed).map((v) => v.validator.pubkey.toLowerCase()));
  const reasons = input.validators
    .filter((v) => v.validator.slashed && !slashedAtReport.has(v.validator.pubkey.toLowerCase()))
    .map((v) => `validator ${v.index} slashed`);
  const now = summarizeValidators(input.validators);
  const appeared = now.beaconValidators - input.lastReport.beaconValidators;
  const beaconSide = now.beaconBalance + input.vaultBalance - appeared * DEPOSIT_SIZE;
  if (beaconSide < input.lastReport.beaconBalance) {
    reasons.push(`beacon balance plus withdrawals ${beaconSide} wei below the reported ${input.lastReport.beaconBalance} wei`);
  }
  return reasons;
}

/** Whether a report applied after the guard's pause, which TrETH lifts with that report. */
export const liftedByReport = (guardPause: GuardPause | undefined, lastReportTime: bigint): boolean =>
  guardPause !== undefined && lastReportTime > guardPause.pausedAt;

/**
 * What the guard does this pass. A loss still pending after the report that lifted the guard's
 * pause (its reference slot predates the loss) pauses again in the same pass.
 */
export function decideLossGuard(input: LossGuardInput): LossGuardAction {
  const { instantWithdrawalsPaused: paused } = input;
  const lifted = liftedByReport(input.guardPause, input.lastReport.time);
  const guardPause = lifted ? undefined : input.guardPause;
  if (guardPause && !paused) return { kind: 'forget' };
  const reasons = findLoss(input);
  // The timelock lifted this frame's pause: its decision holds until a report.
  if (reasons.length > 0 && !paused && !input.pausedUnderThisReport) return { kind: 'pause', reasons };
  if (lifted) return { kind: 'lifted', stillPaused: paused };
  if (reasons.length > 0) return { kind: 'none', reason: !paused ? 'overridden' : guardPause ? 'paused-by-guard' : 'paused-by-other' };
  return { kind: 'none', reason: guardPause ? 'awaiting-report' : 'no-loss' };
}

export class LossGuard extends BeaconDuty {
  readonly name = 'loss-guard';

  async tick(): Promise<LossGuardAction> {
    const contracts = this.manifest.chains.hub.contracts;
    const trETH = { address: contracts.TrETH, abi: trETHAbi } as const;
    const client = this.hub.public;
    const head = await client.getBlockNumber();
    const at = { blockNumber: head } as const;
    const [[, paused], lastReportTime, stats, lastRefSlot, vaultBalance] = await Promise.all([
      client.readContract({ ...trETH, functionName: 'paused', ...at }),
      client.readContract({ ...trETH, functionName: 'lastReportTime', ...at }),
      client.readContract({ ...trETH, functionName: 'beaconStats', ...at }),
      client.readContract({ address: contracts.TributaryOracle, abi: tributaryOracleAbi, functionName: 'lastAppliedRefSlot', ...at }),
      client.getBalance({ address: contracts.WithdrawalVault, ...at }),
    ]);
    const pubkeys = await this.pool.pubkeys(head);
    const [validators, validatorsAtReport] = await Promise.all([
      this.beacon.validators('head', pubkeys),
      lastRefSlot > 0n ? this.beacon.validators(lastRefSlot, pubkeys) : Promise.resolve([]),
    ]);
    const guardPause = this.storedPause();
    const action = decideLossGuard({
      validators,
      validatorsAtReport,
      lastReport: { time: lastReportTime, beaconValidators: stats[1], beaconBalance: stats[3] },
      vaultBalance,
      instantWithdrawalsPaused: paused,
      ...(guardPause ? { guardPause } : {}),
      pausedUnderThisReport: this.ctx.store.action(pauseActionId(lastReportTime))?.status === 'done',
    });
    if (liftedByReport(guardPause, lastReportTime)) {
      this.ctx.store.delete(PAUSE_KEY);
      this.ctx.log('info', 'a report lifted the loss guard\'s pause of instant withdrawals', { pausedAt: guardPause!.pausedAt, lastReportTime, stillPaused: paused });
    }
    if (action.kind === 'pause') await this.pause(action.reasons, lastReportTime);
    if (action.kind === 'none' && action.reason === 'paused-by-other') await this.adoptOwnPause(lastReportTime);
    if (action.kind === 'forget') {
      this.ctx.store.delete(PAUSE_KEY);
      // Within the same frame its pause action is done, so the guard does not pause again before a report.
      this.ctx.log('warn', 'the loss guard\'s pause was lifted through the timelock before a report; forgetting it', { pausedAt: guardPause!.pausedAt, lastReportTime });
    }
    this.ctx.metrics.lossGuardPaused.set(this.storedPause() ? 1 : 0);
    return action;
  }

  private storedPause(): GuardPause | undefined {
    const stored = this.ctx.store.get(PAUSE_KEY);
    if (stored === undefined) return undefined;
    return { pausedAt: BigInt((JSON.parse(stored) as { pausedAt: string }).pausedAt) };
  }

  private readPaused = async (): Promise<boolean> =>
    (await this.hub.public.readContract({ address: this.manifest.chains.hub.contracts.TrETH, abi: trETHAbi, functionName: 'paused' }))[1];

  private async pause(reasons: string[], lastReportTime: bigint): Promise<void> {
    const trETH = { address: this.manifest.chains.hub.contracts.TrETH, abi: trETHAbi } as const;
    this.ctx.log('error', 'loss on the beacon chain before the oracle reports it: pausing instant withdrawals', { reasons: reasons.join('; '), lastReportTime });
    const id = pauseActionId(lastReportTime);
    const result = await runAction(
      this.ctx,
      this.signer,
      { id, duty: this.name, what: 'pauseInstantWithdrawalsUntilReport' },
      // Paused meanwhile by someone else: their pause, not ours, so nothing is recorded.
      this.readPaused,
      () => this.signer.write(id, this.name, { ...trETH, functionName: 'pauseInstantWithdrawalsUntilReport' }),
    );
    if (result.outcome === 'done') await this.recordPause(result.receipt!, lastReportTime);
  }

  /**
   * The process stopped while our pause transaction was in flight: the pause found on chain is ours
   * if this frame's unfinished pause action has a mined transaction.
   */
  private async adoptOwnPause(lastReportTime: bigint): Promise<void> {
    const id = pauseActionId(lastReportTime);
    const row = this.ctx.store.action(id);
    if (!row || row.status === 'done') return;
    const receipt = await this.signer.resume(id, this.name);
    if (receipt?.status !== 'success') return;
    this.ctx.store.setAction(id, this.name, 'done');
    await this.recordPause(receipt, lastReportTime);
  }

  private async recordPause(receipt: TransactionReceipt, lastReportTime: bigint): Promise<void> {
    const pausedAt = (await this.hub.public.getBlock({ blockHash: receipt.blockHash })).timestamp;
    this.ctx.store.set(PAUSE_KEY, JSON.stringify({ pausedAt: pausedAt.toString() }));
    this.ctx.log('warn', 'instant withdrawals paused until the next report', { pausedAt, lastReportTime, tx: receipt.transactionHash });
  }
}
