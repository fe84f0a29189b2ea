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

  it('rejects unknown, pending and non-positive slashings and out-of-order deposits', () => {
    const m = model();
    m.addDeposit({ pubkey: pubkey(1), withdrawalCredentials: credentials, amountGwei: 32n * GWEI, time: 1_000 });
    expect(() => m.slash(pubkey(2), GWEI, 2_000)).toThrow(BeaconModelError);
    expect(() => m.slash(pubkey(1), GWEI, 1_010)).toThrow(/not active yet/);
    expect(() => m.slash(pubkey(1), 0n, 2_000)).toThrow(/positive/);
    expect(() => m.addDeposit({ pubkey: pubkey(1), withdrawalCredentials: credentials, amountGwei: GWEI, time: 999 })).toThrow(/time order/);
  });

  it('keeps the first deposit\'s withdrawal credentials when a later deposit tops the pubkey up', () => {
    const m = model(1000);
    const attacker = `0x01${'00'.repeat(11)}${'cd'.repeat(20)}` as const;
    // The front-run: 1 ETH with the operator's credentials, then the pool's 32 ETH with its own.
    m.addDeposit({ pubkey: pubkey(1), withdrawalCredentials: attacker, amountGwei: GWEI, time: 1_000 });
    expect(m.stateAt(1_000)[0]).toMatchObject({ status: 'pending_initialized', balanceGwei: GWEI, withdrawalCredentials: attacker });
    m.addDeposit({ pubkey: pubkey(1), withdrawalCredentials: credentials, amountGwei: 32n * GWEI, time: 1_100 });
    const states = m.stateAt(1_100);
    expect(states).toHaveLength(1);
    expect(states[0]).toMatchObject({ index: 0, status: 'pending_queued', balanceGwei: 33n * GWEI, withdrawalCredentials: attacker });
    // Activation counts from the deposit that reached 32 ETH: slot 8 + 1 + 4 = 13 (time 1156).
    expect(m.stateAt(1_155)[0]?.status).toBe('pending_queued');
    expect(m.stateAt(1_156)[0]?.status).toBe('active_ongoing');
    // Rewards above 32 ETH are skimmed to the first depositor's address, not the pool's.
    expect(m.skimmable(1_156)).toEqual([{ index: 0, amountGwei: GWEI }]);
  });

  it('never activates a validator whose deposits stay under 32 ETH', () => {
    const m = model(1000);
    m.addDeposit({ pubkey: pubkey(1), withdrawalCredentials: credentials, amountGwei: GWEI, time: 1_000 });
    const [state] = m.stateAt(1_000 + YEAR);
    expect(state).toMatchObject({ status: 'pending_initialized', balanceGwei: GWEI, activationEpoch: 2n ** 64n - 1n });
    expect(() => m.slash(pubkey(1), GWEI, 2_000)).toThrow(/not active yet/);
  });
});
