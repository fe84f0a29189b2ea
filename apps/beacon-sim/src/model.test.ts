import { describe, expect, it } from 'vitest';
import { BeaconModel, BeaconModelError, GWEI, MAX_EFFECTIVE_BALANCE_GWEI } from './model.ts';

const YEAR = 365 * 24 * 60 * 60;
const pubkey = (n: number) => `0x${n.toString(16).padStart(96, '0')}` as const;
const credentials = `0x01${'00'.repeat(11)}${'ab'.repeat(20)}` as const;

function model(aprBps = 1000) {
  return new BeaconModel({ genesisTime: 1_000, secondsPerSlot: 12, slotsPerEpoch: 32, aprBps, activationDelaySlots: 4 });
}

describe('BeaconModel', () => {
  it('maps time to slots and back from genesis', () => {
    const m = model();
    expect(m.slotAt(999)).toBe(0);
    expect(m.slotAt(1_000 + 12 * 7 + 11)).toBe(7);
    expect(m.timeOfSlot(7)).toBe(1_084);
  });

  it('activates a deposit after the delay and accrues the APR only from activation', () => {
    const m = model(1000);
    m.addDeposit({ pubkey: pubkey(1), withdrawalCredentials: credentials, amountGwei: MAX_EFFECTIVE_BALANCE_GWEI, time: 1_000 });
    // Deposited in slot 0, active from slot 0 + 1 + 4 = 5 (time 1060).
    const [pending] = m.stateAt(1_059);
    expect(pending).toMatchObject({ status: 'pending_queued', balanceGwei: 32n * GWEI });
    const [active] = m.stateAt(1_060 + YEAR);
    expect(active?.status).toBe('active_ongoing');
    expect(active?.balanceGwei).toBe(32n * GWEI + (32n * GWEI) / 10n); // 10% of 32 ETH in a year
    expect(active?.effectiveBalanceGwei).toBe(MAX_EFFECTIVE_BALANCE_GWEI);
  });

  it('does not know validators before their deposit', () => {
    const m = model();
    m.addDeposit({ pubkey: pubkey(1), withdrawalCredentials: credentials, amountGwei: 32n * GWEI, time: 2_000 });
    expect(m.stateAt(1_999)).toEqual([]);
    expect(m.stateAt(2_000)).toHaveLength(1);
  });

  it('moves skimmed rewards out of the balance from the time they landed', () => {
    const m = model(1000);
    m.addDeposit({ pubkey: pubkey(1), withdrawalCredentials: credentials, amountGwei: 32n * GWEI, time: 1_000 });
    const t = 1_060 + YEAR / 10;
    const skims = m.skimmable(t);
    expect(skims).toEqual([{ index: 0, amountGwei: (32n * GWEI) / 100n }]);
    m.recordSkims(skims, t + 5);
    expect(m.stateAt(t + 4)[0]?.balanceGwei).toBeGreaterThan(32n * GWEI + (32n * GWEI) / 100n - 1n);
    const after = m.stateAt(t + 5)[0]!.balanceGwei;
    expect(after).toBeGreaterThanOrEqual(32n * GWEI);
    expect(after - 32n * GWEI).toBeLessThan(GWEI); // only the 5 s accrued since the skim
  });

  it('applies a slashing penalty from its time and marks the validator', () => {
    const m = model(0);
    m.addDeposit({ pubkey: pubkey(1), withdrawalCredentials: credentials, amountGwei: 32n * GWEI, time: 1_000 });
    m.slash(pubkey(1), GWEI, 2_000);
    expect(m.stateAt(1_999)[0]).toMatchObject({ slashed: false, balanceGwei: 32n * GWEI });
    expect(m.stateAt(2_000)[0]).toMatchObject({ slashed: true, status: 'active_slashed', balanceGwei: 31n * GWEI, effectiveBalanceGwei: 31n * GWEI });
    expect(m.skimmable(3_000)).toEqual([]);
  });

  it('rejects unknown, pending and non-positive slashings and duplicate pubkeys', () => {
    const m = model();
    m.addDeposit({ pubkey: pubkey(1), withdrawalCredentials: credentials, amountGwei: 32n * GWEI, time: 1_000 });
    expect(() => m.slash(pubkey(2), GWEI, 2_000)).toThrow(BeaconModelError);
    expect(() => m.slash(pubkey(1), GWEI, 1_010)).toThrow(/not active yet/);
    expect(() => m.slash(pubkey(1), 0n, 2_000)).toThrow(/positive/);
    expect(() => m.addDeposit({ pubkey: pubkey(1), withdrawalCredentials: credentials, amountGwei: 32n * GWEI, time: 1_000 })).toThrow(/top-up/);
  });
});
