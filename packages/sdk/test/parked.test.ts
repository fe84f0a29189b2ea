import { getAddress } from 'viem';
import { describe, expect, it } from 'vitest';
import { toParkedCredit } from '../src/index.js';

const bob = getAddress('0x0000000000000000000000000000000000000b0b');
const guid = `0x${'ab'.repeat(32)}` as const;
const record = (status: number, paidSD = 0n) => ({ to: bob, amountSD: 2_500_000n, paidSD, srcEid: 2, status });
/** 10 trETH a day: the 2.5 trETH credit fits one installment. */
const limits = { limit: 10n * 10n ** 18n, window: 86_400n };

describe('toParkedCredit', () => {
  it('shows a parked credit with its amount in 18 decimals and when it can be released', () => {
    const credit = toParkedCredit(guid, record(1), 1_750_000_000n, false, 10n ** 12n, limits);
    expect(credit).toEqual({
      guid,
      status: 'parked',
      recipient: bob,
      amount: 2_500_000_000_000_000_000n,
      paid: 0n,
      srcEid: 2,
      releasableAt: 1_750_000_000n,
      arrivesInFullAt: 1_750_000_000n,
      releasesPaused: false,
    });
  });

  it('adds a window per installment after the next for a credit over the limit', () => {
    // 2.5 trETH, 0.5 paid, a limit of 0.6 a day: 0.6 next, then 0.6, 0.6 and 0.2, three days later.
    const credit = toParkedCredit(guid, record(1, 500_000n), 1_750_000_000n, false, 10n ** 12n, { limit: 6n * 10n ** 17n, window: 86_400n });
    expect(credit).toMatchObject({ paid: 5n * 10n ** 17n, releasableAt: 1_750_000_000n, arrivesInFullAt: 1_750_000_000n + 3n * 86_400n });
  });

  it('has no release time once released or cancelled', () => {
    expect(toParkedCredit(guid, record(2), 0n, false, 10n ** 12n, limits)).toMatchObject({ status: 'released', releasableAt: undefined });
    expect(toParkedCredit(guid, record(3), 0n, false, 10n ** 12n, limits)).toMatchObject({ status: 'cancelled', releasableAt: undefined });
  });

  it('has no release time while its source has no limit (the contract reports the max uint)', () => {
    expect(toParkedCredit(guid, record(1), 2n ** 256n - 1n, true, 10n ** 12n, limits)).toMatchObject({ status: 'parked', releasableAt: undefined, releasesPaused: true });
  });

  it('reads an unknown guid as none', () => {
    expect(toParkedCredit(guid, record(0), 0n, false, 10n ** 12n, limits).status).toBe('none');
  });
});
