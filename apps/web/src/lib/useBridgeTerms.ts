import type { Address } from 'viem';
import { useBalance } from 'wagmi';
import { type ChainName, chains } from '@tributary/config';
import { getBridgeLimitsQueryOptions, quoteBridgeQueryOptions } from '@tributary/sdk';
import { useRefreshOnBlock, useTrEthBalance } from './hooks';
import { useChainRef, useSdkQuery } from './sdk';

export interface BridgeTerms {
  /** trETH the owner holds on the source chain. */
  balance?: bigint;
  /** ETH on the source chain, to pay the LayerZero fee. */
  ethBalance?: bigint;
  /** What the outbound rate limit to `to` still lets through now. */
  capacity?: bigint;
  inFlight?: bigint;
  /** Amount the destination receives (the send drops dust below the OFT's shared decimals). */
  received?: bigint;
  nativeFee?: bigint;
  /** Smallest amount unit the OFT can carry, in wei. */
  dustUnit?: bigint;
  quoteError: Error | null;
  termsError: Error | null;
  quoting: boolean;
}

/**
 * What a send of `amount` from `from` to `to` costs and delivers: the SDK's `getBridgeLimits` and
 * `quoteBridge` on the source chain, and the owner's balances there. Every read refreshes on the
 * source chain's blocks.
 */
export function useBridgeTerms(from: ChainName, to: ChainName, owner: Address | undefined, amount: bigint | undefined): BridgeTerms {
  const chainId = chains[from].chainId;
  const source = useChainRef(from);
  const destination = useChainRef(to);
  const route = from !== to;
  const hasAmount = amount !== undefined && amount > 0n && owner !== undefined && route;

  const balance = useTrEthBalance(from, owner);
  const ethBalance = useBalance({ address: owner, chainId, query: { enabled: !!owner } });
  useRefreshOnBlock(chainId, [ethBalance.queryKey]);
  const limits = useSdkQuery(from, (client) => getBridgeLimitsQueryOptions(client, { from: source, to: destination }), route);
  const quote = useSdkQuery(from, (client) => quoteBridgeQueryOptions(client, { from: source, to: destination, amount: amount ?? 1n, ...(owner ? { recipient: owner } : {}) }), hasAmount);

  return {
    balance: balance.data,
    ethBalance: ethBalance.data?.value,
    inFlight: limits.data?.inFlight,
    capacity: limits.data?.canBeSent,
    received: hasAmount ? quote.data?.amountReceived : undefined,
    nativeFee: hasAmount ? quote.data?.nativeFee : undefined,
    dustUnit: limits.data?.dustUnit,
    quoteError: hasAmount ? quote.error : null,
    termsError: balance.error ?? limits.error,
    quoting: hasAmount && quote.isPending,
  };
}
