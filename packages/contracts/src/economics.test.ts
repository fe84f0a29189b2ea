import { describe, expect, it } from 'vitest';
import wiring from '@tributary/contracts-src/config/wiring.json' with { type: 'json' };
import { type EconomicsConfig, EconomicsConfigError, assertEconomics, checkEconomics } from './economics.ts';

/** Today's numbers: a 0.10% spoke fee against a 0.075% rate rise per report. */
const config = (feeBps: number, maxPositiveRebasePpb = 750_000): EconomicsConfig => ({
  spokePool: { feeBps },
  oracle: { sanityLimits: { maxPositiveRebasePpb } },
});

describe('checkEconomics', () => {
  it('passes the shipped wiring.json', () => {
    expect(checkEconomics(wiring)).toEqual([]);
    expect(() => assertEconomics(wiring)).not.toThrow();
  });

  it('passes a fee above the per-report move and fails one at or under it', () => {
    expect(checkEconomics(config(10))).toEqual([]);
    // 7 bps = 700,000 ppb < 750,000 ppb.
    const [issue] = checkEconomics(config(7));
    expect(issue?.field).toBe('spokePool.feeBps');
    expect(issue?.message).toContain('0.0750%');
    // A tie fails: 75 bps is 7,500,000 ppb.
    expect(checkEconomics(config(75, 7_500_000))).toHaveLength(1);
    expect(checkEconomics(config(76, 7_500_000))).toEqual([]);
  });

  it('reads the sanity limit: a wider per-report move needs a wider fee', () => {
    expect(checkEconomics(config(10, 1_200_000))).toHaveLength(1);
  });

  it('throws every issue at once', () => {
    expect(() => assertEconomics(config(0))).toThrow(EconomicsConfigError);
    expect(() => assertEconomics(config(0))).toThrow(/spokePool.feeBps: 0 bps/);
  });
});
