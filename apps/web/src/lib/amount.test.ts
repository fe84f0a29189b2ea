import { describe, expect, it } from 'vitest';
import { parseEther } from 'viem';
import { parseAmount } from './amount';

describe('parseAmount', () => {
  it('accepts decimals in the forms people type', () => {
    expect(parseAmount('0.25')).toEqual({ kind: 'ok', wei: parseEther('0.25') });
    expect(parseAmount('.5')).toEqual({ kind: 'ok', wei: parseEther('0.5') });
    expect(parseAmount('2.')).toEqual({ kind: 'ok', wei: parseEther('2') });
    expect(parseAmount(' 1,000 ')).toEqual({ kind: 'ok', wei: parseEther('1000') });
  });

  it('treats an empty field as empty, not as an error', () => {
    expect(parseAmount('  ')).toEqual({ kind: 'empty' });
  });

  it('explains what is wrong', () => {
    expect(parseAmount('abc')).toMatchObject({ kind: 'invalid', message: 'Enter a number, like 0.5.' });
    expect(parseAmount('-1')).toMatchObject({ kind: 'invalid' });
    expect(parseAmount('0')).toMatchObject({ kind: 'invalid', message: 'Enter an amount greater than 0.' });
    expect(parseAmount(`0.${'1'.repeat(19)}`)).toMatchObject({ kind: 'invalid', message: 'ETH has at most 18 decimal places.' });
  });
});
