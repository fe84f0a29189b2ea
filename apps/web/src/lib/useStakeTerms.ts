import type { ChainName } from '@tributary/config';
import { DEFAULT_SLIPPAGE_BPS, type RateInfo, type StakeQuote, getRateQueryOptions, getStakeTermsQueryOptions, quoteStakeQueryOptions } from '@tributary/sdk';
import { useChainRef, useSdkQuery } from './sdk';

export interface StakeTerms {
  /** The rate, its age and staleness, all by chain time (the SDK's `getRate`). */
  rate?: RateInfo;
  feeBps: number;
  paused: boolean;
  /** The quote for the amount: trETH out, the fee, and the least accepted (`minShares`, after slippage). */
  quote?: StakeQuote;
  quoteError: Error | null;
  termsError: Error | null;
  quoting: boolean;
}

/** The slippage the page allows, in basis points: the SDK's default. */
export const SLIPPAGE_BPS = DEFAULT_SLIPPAGE_BPS;

/**
 * What a deposit of `amount` on `name` gives, from the SDK's `getRate`, `getStakeTerms` and
 * `quoteStake` on that chain; each refreshes when the chain mines a block.
 */
export function useStakeTerms(name: ChainName, amount: bigint | undefined): StakeTerms {
  const chain = useChainRef(name);
  const hasAmount = amount !== undefined && amount > 0n;
  const rate = useSdkQuery(name, (client) => getRateQueryOptions(client, { chain }));
  const terms = useSdkQuery(name, (client) => getStakeTermsQueryOptions(client, { chain }));
  const quote = useSdkQuery(name, (client) => quoteStakeQueryOptions(client, { chain, assets: amount ?? 1n, slippageBps: SLIPPAGE_BPS }), hasAmount);
  return {
    ...(rate.data ? { rate: rate.data } : {}),
    feeBps: terms.data?.feeBps ?? 0,
    paused: terms.data?.paused ?? false,
    ...(hasAmount && quote.data ? { quote: quote.data } : {}),
    quoteError: hasAmount ? quote.error : null,
    termsError: rate.error ?? terms.error,
    quoting: hasAmount && quote.isPending,
  };
}
