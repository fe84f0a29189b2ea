import { describe, expect, it } from 'vitest';
import wiring from '@tributary/contracts-src/config/wiring.json' with { type: 'json' };
import { type EconomicsConfig, EconomicsConfigError, assertEconomics, checkEconomics } from './economics.ts';

/** Today's numbers: a 0.10% spoke fee against 0.075% per report less the 10% protocol fee (0.0675%). */
const config = (feeBps: number, maxPositiveRebasePpb = 750_000, hubFeeBps = 1_000): EconomicsConfig => ({
  spokePool: { feeBps },
  hub: { feeBps: hubFeeBps },
  oracle: { sanityLimits: { maxPositiveRebasePpb } },
});

describe('checkEconomics', () => {
  it('passes the shipped wiring.json', () => {
    expect(checkEconomics(wiring)).toEqual([]);
    expect(() => assertEconomics(wiring)).not.toThrow();
  });

  it('passes a fee above the net per-report move and fails one at or under it', () => {
    expect(checkEconomics(config(10))).toEqual([]);
    // 6 bps = 600,000 ppb < 675,000 ppb.
    const [issue] = checkEconomics(config(6));
    expect(issue?.field).toBe('spokePool.feeBps');
    expect(issue?.message).toContain('0.0675%');
    // A tie fails: 75 bps is 7,500,000 ppb, the whole rebase when there is no protocol fee.
    expect(checkEconomics(config(75, 7_500_000, 0))).toHaveLength(1);
    expect(checkEconomics(config(76, 7_500_000, 0))).toEqual([]);
  });

  it('reads the protocol fee: a lower fee leaves more of the rebase to the rate', () => {
    // 7 bps covers 0.0675% (10% fee) but not 0.075% (no fee).
    expect(checkEconomics(config(7))).toEqual([]);
    expect(checkEconomics(config(7, 750_000, 0))).toHaveLength(1);
  });

  it('reads the sanity limit: a wider per-report rebase needs a wider fee', () => {
    expect(checkEconomics(config(10, 1_200_000))).toHaveLength(1);
  });

  it('throws every issue at once', () => {
    expect(() => assertEconomics(config(0))).toThrow(EconomicsConfigError);
    expect(() => assertEconomics(config(0))).toThrow(/spokePool.feeBps: 0 bps/);
  });
});
