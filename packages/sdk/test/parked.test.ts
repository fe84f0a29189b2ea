import { getAddress } from 'viem';
import { describe, expect, it } from 'vitest';
import { toParkedCredit } from '../src/index.js';

const bob = getAddress('0x0000000000000000000000000000000000000b0b');
const guid = `0x${'ab'.repeat(32)}` as const;
const record = (status: number) => ({ to: bob, amountSD: 2_500_000n, srcEid: 2, status });

describe('toParkedCredit', () => {
  it('shows a parked credit with its amount in 18 decimals and when it can be released', () => {
    const credit = toParkedCredit(guid, record(1), 1_750_000_000n, false, 10n ** 12n);
    expect(credit).toEqual({ guid, status: 'parked', recipient: bob, amount: 2_500_000_000_000_000_000n, srcEid: 2, releasableAt: 1_750_000_000n, releasesPaused: false });
  });

  it('has no release time once released or cancelled', () => {
    expect(toParkedCredit(guid, record(2), 0n, false, 10n ** 12n)).toMatchObject({ status: 'released', releasableAt: undefined });
    expect(toParkedCredit(guid, record(3), 0n, false, 10n ** 12n)).toMatchObject({ status: 'cancelled', releasableAt: undefined });
  });

  it('has no release time while its source has no limit (the contract reports the max uint)', () => {
    expect(toParkedCredit(guid, record(1), 2n ** 256n - 1n, true, 10n ** 12n)).toMatchObject({ status: 'parked', releasableAt: undefined, releasesPaused: true });
  });

  it('reads an unknown guid as none', () => {
    expect(toParkedCredit(guid, record(0), 0n, false, 10n ** 12n).status).toBe('none');
  });
});
