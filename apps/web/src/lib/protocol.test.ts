import { describe, expect, it } from 'vitest';
import { parseEther } from 'viem';
import { aprBps, chartPath, shareBps } from './protocol';

describe('protocol figures', () => {
  it('annualises rate growth between the first and last report', () => {
    const year = 365 * 24 * 3600;
    expect(aprBps([{ time: 0, rate: parseEther('1') }, { time: year / 2, rate: parseEther('1.02') }])).toBe(400);
    expect(aprBps([{ time: 5, rate: parseEther('1') }])).toBeUndefined();
  });

  it('gives operator shares in basis points', () => {
    expect(shareBps(1n, 3n)).toBe(3333);
    expect(shareBps(0n, 0n)).toBe(0);
  });

  it('draws a path from the left edge to the right edge, higher rate higher up', () => {
    const path = chartPath([{ time: 10, rate: parseEther('1') }, { time: 20, rate: parseEther('1.1') }], 200, 100);
    expect(path).toBe('M0.0,100.0 L200.0,0.0');
    expect(chartPath([], 200, 100)).toBe('');
  });
});
