import { formatEther } from 'viem';
import { formatAmount } from '@/lib/format';

/**
 * An 18-decimal amount, rounded down for reading; the exact value stays in `data-wei` and in
 * the tooltip (full precision) for anyone who needs every digit.
 */
export function Amount({ wei, unit, decimals = 6, testId }: { wei: bigint; unit: string; decimals?: number; testId?: string }) {
  return (
    <span className="amount" data-wei={wei.toString()} data-testid={testId} title={`${formatEther(wei)} ${unit}`}>
      {formatAmount(wei, decimals)}
      <span className="unit"> {unit}</span>
    </span>
  );
}
