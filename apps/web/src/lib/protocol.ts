const YEAR_SECONDS = 365n * 24n * 3600n;

export interface RatePoint {
  /** Unix seconds of the report's reference slot. */
  time: number;
  /** ETH per 1e18 trETH after the report. */
  rate: bigint;
}

/**
 * Annualised growth of the rate between the first and last point, in basis points
 * (simple, not compounded: what staking dashboards call APR). Undefined without two points
 * apart in time.
 */
export function aprBps(points: readonly RatePoint[]): number | undefined {
  if (points.length < 2) return undefined;
  const first = points[0]!;
  const last = points[points.length - 1]!;
  const elapsed = BigInt(last.time - first.time);
  if (elapsed <= 0n || first.rate === 0n) return undefined;
  return Number(((last.rate - first.rate) * 10_000n * YEAR_SECONDS) / (first.rate * elapsed));
}

/** An operator's share of all deposited validators, in basis points. */
export function shareBps(part: bigint, total: bigint): number {
  return total === 0n ? 0 : Number((part * 10_000n) / total);
}

/** An SVG polyline through the points, scaled into `width` x `height` (rate axis padded so a flat line sits mid-chart). */
export function chartPath(points: readonly RatePoint[], width: number, height: number): string {
  if (points.length === 0) return '';
  const times = points.map((point) => point.time);
  const t0 = Math.min(...times);
  const span = Math.max(...times) - t0 || 1;
  const rates = points.map((point) => point.rate);
  let low = rates.reduce((a, b) => (b < a ? b : a));
  let high = rates.reduce((a, b) => (b > a ? b : a));
  if (low === high) {
    low -= 1n;
    high += 1n;
  }
  const range = high - low;
  return points
    .map((point, index) => {
      const x = points.length === 1 ? width / 2 : ((point.time - t0) / span) * width;
      const y = height - Number(((point.rate - low) * BigInt(Math.round(height * 1000))) / range) / 1000;
      return `${index === 0 ? 'M' : 'L'}${x.toFixed(1)},${y.toFixed(1)}`;
    })
    .join(' ');
}
