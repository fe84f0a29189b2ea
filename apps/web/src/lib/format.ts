import { formatUnits } from 'viem';

/**
 * A token amount in 18-decimal units, rounded down to `decimals` places, with thousands
 * separators. Rounding down never shows a user more than they hold or will receive.
 */
export function formatAmount(value: bigint, decimals = 6): string {
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const step = 10n ** BigInt(18 - decimals);
  const [whole = '0', fraction = ''] = formatUnits((abs / step) * step, 18).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const trimmed = fraction.slice(0, decimals).replace(/0+$/, '');
  const text = trimmed ? `${grouped}.${trimmed}` : grouped;
  if (value !== 0n && abs < step) return negative ? `> -0.${'0'.repeat(decimals - 1)}1` : `< 0.${'0'.repeat(decimals - 1)}1`;
  return negative ? `-${text}` : text;
}

/** ETH per 1 trETH as a plain decimal, e.g. 1.000123. */
export function formatRate(rate: bigint): string {
  return formatAmount(rate, 6);
}

/** Basis points as a percentage, e.g. 10 -> "0.10%". */
export function formatBps(bps: number): string {
  return `${(bps / 100).toFixed(2)}%`;
}

/** 0x1234…abcd */
export function shortHex(value: string, keep = 4): string {
  return value.length <= 2 + keep * 2 ? value : `${value.slice(0, 2 + keep)}…${value.slice(-keep)}`;
}

