import { parseEther } from 'viem';

export type AmountResult =
  | { kind: 'empty' }
  | { kind: 'invalid'; message: string }
  | { kind: 'ok'; wei: bigint };

/** Parses what a person typed as an ETH amount; explains what is wrong instead of throwing. */
export function parseAmount(input: string): AmountResult {
  const text = input.trim().replace(/,/g, '');
  if (text === '') return { kind: 'empty' };
  if (!/^(\d+\.?\d*|\.\d+)$/.test(text)) return { kind: 'invalid', message: 'Enter a number, like 0.5.' };
  const fraction = text.split('.')[1] ?? '';
  if (fraction.length > 18) return { kind: 'invalid', message: 'ETH has at most 18 decimal places.' };
  const wei = parseEther(text.endsWith('.') ? text.slice(0, -1) : text);
  if (wei === 0n) return { kind: 'invalid', message: 'Enter an amount greater than 0.' };
  return { kind: 'ok', wei };
}
