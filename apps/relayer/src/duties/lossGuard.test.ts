import { describe, expect, it } from 'vitest';
import type { BeaconValidator } from '../beacon.ts';
import { type LossGuardInput, decideLossGuard, findLoss } from './lossGuard.ts';

const ETH_GWEI = 1_000_000_000n;
const ETH = 10n ** 18n;

function validator(index: number, balanceEth: bigint, overrides: { slashed?: boolean; status?: string } = {}): BeaconValidator {
  return {
    index: String(index),
    balance: String(balanceEth * ETH_GWEI),
    status: overrides.status ?? (overrides.slashed ? 'active_slashed' : 'active_ongoing'),
    validator: { pubkey: `0x${String(index).padStart(96, '0')}`, withdrawal_credentials: `0x${'01'.padEnd(64, '0')}`, slashed: overrides.slashed ?? false },
  };
}

/** Two validators reported at 32 ETH each at report time 1_000; nothing lost since. */
function input(overrides: Partial<LossGuardInput> = {}): LossGuardInput {
  return {
    validators: [validator(1, 32n), validator(2, 32n)],
    validatorsAtReport: [validator(1, 32n), validator(2, 32n)],
    lastReport: { time: 1_000n, beaconValidators: 2n, beaconBalance: 64n * ETH },
    vaultBalance: 0n,
    instantWithdrawalsPaused: false,
    pausedUnderThisReport: false,
    ...overrides,
  };
}

describe('findLoss', () => {
  it('sees a validator slashed since the report, but not one already slashed at it', () => {
    // A slashing with no balance change yet still pauses: the penalty follows.
    expect(findLoss(input({ validators: [validator(1, 32n, { slashed: true }), validator(2, 32n)] }))).toEqual(['validator 1 slashed']);
    const reported = [validator(1, 31n, { slashed: true }), validator(2, 32n)];
    expect(findLoss(input({ validators: reported, validatorsAtReport: reported, lastReport: { time: 1_000n, beaconValidators: 2n, beaconBalance: 63n * ETH } }))).toEqual([]);
  });

  it('sees a balance drop the vault does not make up for, and only a drop', () => {
    const dropped = [validator(1, 31n), validator(2, 32n)];
    expect(findLoss(input({ validators: dropped }))).toHaveLength(1);
    // Skimmed to the vault after the report: the next report counts it, so no loss.
    expect(findLoss(input({ validators: dropped, vaultBalance: ETH }))).toEqual([]);
    expect(findLoss(input({ validators: [validator(1, 33n), validator(2, 32n)] }))).toEqual([]);
  });

  it('does not let a validator that appeared since the report hide a loss', () => {
    // The new validator's 32 ETH was already counted as a deposit; 1 ETH is still missing.
    const validators = [validator(1, 31n), validator(2, 32n), validator(3, 32n)];
    expect(findLoss(input({ validators }))[0]).toMatch(/below the reported/);
    expect(findLoss(input({ validators: [validator(1, 32n), validator(2, 32n), validator(3, 32n)] }))).toEqual([]);
  });
});

describe('decideLossGuard', () => {
  const slashed = [validator(1, 31n, { slashed: true }), validator(2, 32n)];

  it('pauses on a loss when instant withdrawals are open', () => {
    expect(decideLossGuard(input({ validators: slashed }))).toMatchObject({ kind: 'pause', reasons: ['validator 1 slashed', expect.stringMatching(/below/)] });
  });

  it('does nothing on a loss when already paused, by the guard or by someone else', () => {
    const guardPause = { pausedAt: 1_100n };
    expect(decideLossGuard(input({ validators: slashed, instantWithdrawalsPaused: true, guardPause }))).toEqual({ kind: 'none', reason: 'paused-by-guard' });
    expect(decideLossGuard(input({ validators: slashed, instantWithdrawalsPaused: true }))).toEqual({ kind: 'none', reason: 'paused-by-other' });
  });

  it('keeps its pause until a report lands after it, then records that the report lifted it', () => {
    const guardPause = { pausedAt: 1_100n };
    expect(decideLossGuard(input({ instantWithdrawalsPaused: true, guardPause }))).toEqual({ kind: 'none', reason: 'awaiting-report' });
    const reported = { time: 1_200n, beaconValidators: 2n, beaconBalance: 63n * ETH };
    expect(decideLossGuard(input({ validators: slashed, validatorsAtReport: slashed, lastReport: reported, guardPause }))).toEqual({ kind: 'lifted', stillPaused: false });
    // A guardian's pause outlives the report: the guard's record goes, the pause is not its to lift.
    expect(decideLossGuard(input({ validators: slashed, validatorsAtReport: slashed, lastReport: reported, instantWithdrawalsPaused: true, guardPause }))).toEqual({
      kind: 'lifted',
      stillPaused: true,
    });
  });

  it('pauses again at once when the report that lifted its pause does not show the loss yet', () => {
    const guardPause = { pausedAt: 1_100n };
    // The report's reference slot was before the slashing: the loss is still ahead.
    const lastReport = { time: 1_200n, beaconValidators: 2n, beaconBalance: 64n * ETH };
    expect(decideLossGuard(input({ validators: slashed, lastReport, guardPause }))).toMatchObject({ kind: 'pause', reasons: ['validator 1 slashed', expect.stringMatching(/below/)] });
  });

  it('never acts on a pause it did not make after the report', () => {
    const reported = { time: 1_200n, beaconValidators: 2n, beaconBalance: 63n * ETH };
    expect(decideLossGuard(input({ validators: slashed, validatorsAtReport: slashed, lastReport: reported, instantWithdrawalsPaused: true }))).toEqual({
      kind: 'none',
      reason: 'no-loss',
    });
  });

  it('forgets its pause once the timelock lifts it, and does not pause again before the next report', () => {
    const guardPause = { pausedAt: 1_100n };
    expect(decideLossGuard(input({ validators: slashed, guardPause }))).toEqual({ kind: 'forget' });
    expect(decideLossGuard(input({ validators: slashed, pausedUnderThisReport: true }))).toEqual({ kind: 'none', reason: 'overridden' });
  });
});
