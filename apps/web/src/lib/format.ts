import { formatUnits } from 'viem';

const WAD = 10n ** 18n;

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

/** trETH per 1 ETH, from a rate in ETH per 1e18 trETH. */
export function inverseRate(rate: bigint): bigint {
  return rate === 0n ? 0n : (WAD * WAD) / rate;
}

/** Basis points as a percentage, e.g. 10 -> "0.10%". */
export function formatBps(bps: number): string {
  return `${(bps / 100).toFixed(2)}%`;
}

/** A duration in seconds as a short human phrase: "42 s", "5 min 3 s", "2 h 10 min", "3 d 4 h". */
export function formatDuration(totalSeconds: number): string {
  const seconds = Math.max(0, Math.floor(totalSeconds));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return seconds % 60 ? `${minutes} min ${seconds % 60} s` : `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  const days = Math.floor(hours / 24);
  return hours % 24 ? `${days} d ${hours % 24} h` : `${days} d`;
}

/** 0x1234…abcd */
export function shortHex(value: string, keep = 4): string {
  return value.length <= 2 + keep * 2 ? value : `${value.slice(0, 2 + keep)}…${value.slice(-keep)}`;
}

/** Shares after a slippage allowance, rounded down. */
export function withSlippage(shares: bigint, bps: number): bigint {
  return (shares * BigInt(10_000 - bps)) / 10_000n;
}
