import { useReadContract } from 'wagmi';
import { type ChainName, chains } from '@tributary/config';
import { spokePoolAbi, trETHAbi } from '@tributary/contracts/abis';
import { useManifest, useRefreshOnBlock } from './hooks';

export interface StakeTerms {
  /** ETH per 1e18 trETH; 0 when a spoke has not received a rate yet. */
  rate?: bigint;
  /** Hub report time of the spoke's rate (seconds); absent on the hub, whose rate is live. */
  rateUpdatedAt?: bigint;
  maxRateAge?: number;
  feeBps: number;
  paused: boolean;
  /** trETH out and the fee (ETH) for the amount, as the contract computes them. */
  shares?: bigint;
  fee?: bigint;
  quoteError: Error | null;
  termsError: Error | null;
  quoting: boolean;
}

/**
 * What a deposit of `amount` on `name` gives, read from the contracts that will execute it:
 * `previewDeposit` on the hub, `quoteDeposit` (which applies the fee and refuses a stale rate)
 * on a spoke. Every read refreshes when that chain mines a block.
 */
export function useStakeTerms(name: ChainName, amount: bigint | undefined): StakeTerms {
  const manifest = useManifest();
  const chainId = chains[name].chainId;
  const isHub = name === 'hub';
  const hubToken = manifest.chains.hub.contracts.TrETH;
  const spoke = name === 'hub' ? undefined : manifest.chains[name].contracts;
  const hasAmount = amount !== undefined && amount > 0n;

  const hubRate = useReadContract({ address: hubToken, abi: trETHAbi, functionName: 'getRate', chainId, query: { enabled: isHub } });
  const preview = useReadContract({
    address: hubToken,
    abi: trETHAbi,
    functionName: 'previewDeposit',
    args: [amount ?? 0n],
    chainId,
    query: { enabled: isHub && hasAmount },
  });
  // The pool's own copy of the rate: the one its deposits price with.
  const spokeRate = useReadContract({ address: spoke?.SpokePool, abi: spokePoolAbi, functionName: 'rateAndUpdatedAt', chainId });
  const feeBps = useReadContract({ address: spoke?.SpokePool, abi: spokePoolAbi, functionName: 'feeBps', chainId });
  const maxRateAge = useReadContract({ address: spoke?.SpokePool, abi: spokePoolAbi, functionName: 'maxRateAge', chainId });
  const paused = useReadContract({ address: spoke?.SpokePool, abi: spokePoolAbi, functionName: 'paused', chainId });
  const quote = useReadContract({
    address: spoke?.SpokePool,
    abi: spokePoolAbi,
    functionName: 'quoteDeposit',
    args: [amount ?? 0n],
    chainId,
    query: { enabled: !isHub && hasAmount },
  });

  useRefreshOnBlock(chainId, [hubRate.queryKey, preview.queryKey, spokeRate.queryKey, feeBps.queryKey, maxRateAge.queryKey, paused.queryKey, quote.queryKey]);

  if (isHub) {
    return {
      rate: hubRate.data,
      feeBps: 0,
      paused: false,
      shares: hasAmount ? preview.data : undefined,
      fee: hasAmount ? 0n : undefined,
      quoteError: hasAmount ? preview.error : null,
      termsError: hubRate.error,
      quoting: hasAmount && preview.isPending,
    };
  }
  return {
    rate: spokeRate.data?.[0],
    rateUpdatedAt: spokeRate.data?.[1],
    maxRateAge: maxRateAge.data === undefined ? undefined : Number(maxRateAge.data),
    feeBps: Number(feeBps.data ?? 0n),
    paused: paused.data ?? false,
    shares: hasAmount ? quote.data?.[0] : undefined,
    fee: hasAmount ? quote.data?.[1] : undefined,
    quoteError: hasAmount ? quote.error : null,
    termsError: spokeRate.error ?? feeBps.error ?? maxRateAge.error ?? paused.error,
    quoting: hasAmount && quote.isPending,
  };
}
