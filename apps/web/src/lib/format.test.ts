import { describe, expect, it } from 'vitest';
import { parseEther } from 'viem';
import { formatAmount, formatBps, shortHex } from './format';

describe('formatAmount', () => {
  it('rounds down to the requested places and groups thousands', () => {
    expect(formatAmount(parseEther('12345.6789999'), 4)).toBe('12,345.6789');
    expect(formatAmount(parseEther('0.2497499999'), 6)).toBe('0.249749');
  });

  it('drops trailing zeros and keeps whole numbers whole', () => {
    expect(formatAmount(parseEther('1.5'))).toBe('1.5');
    expect(formatAmount(parseEther('10000'))).toBe('10,000');
    expect(formatAmount(0n)).toBe('0');
  });

  it('says "less than" rather than showing a dust amount as zero', () => {
    expect(formatAmount(1n, 6)).toBe('< 0.000001');
  });
});

describe('fees and addresses', () => {
  it('shows basis points as a percentage', () => {
    expect(formatBps(10)).toBe('0.10%');
    expect(formatBps(50)).toBe('0.50%');
  });

  it('shortens hex strings in the middle', () => {
    expect(shortHex('0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc')).toBe('0x9965…A4dc');
  });
});
