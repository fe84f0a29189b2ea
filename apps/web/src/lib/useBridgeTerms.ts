import type { Address } from 'viem';
import { erc20Abi } from 'viem';
import { useBalance, useReadContract } from 'wagmi';
import { type ChainName, chains } from '@tributary/config';
import { oftAbi, oftOf, sendParamFor, tokenOf, withoutDust } from './bridge';
import { useManifest, useRefreshOnBlock } from './hooks';

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
 * What a send of `amount` from `from` to `to` costs and delivers, read from the source OFT
 * (adapter on the hub): balance, the rate-limit room for that destination, the amount received
 * after dust, and LayerZero's native fee. Every read refreshes on the source chain's blocks.
 */
export function useBridgeTerms(from: ChainName, to: ChainName, owner: Address | undefined, amount: bigint | undefined): BridgeTerms {
  const manifest = useManifest();
  const chainId = chains[from].chainId;
  const oft = oftOf(manifest, from);
  const dstEid = chains[to].eid;
  const hasAmount = amount !== undefined && amount > 0n && owner !== undefined && from !== to;
  const sendParam = sendParamFor(to, owner ?? '0x0000000000000000000000000000000000000000', amount ?? 0n);

  const balance = useReadContract({ address: tokenOf(manifest, from), abi: erc20Abi, functionName: 'balanceOf', args: owner ? [owner] : undefined, chainId, query: { enabled: !!owner } });
  const ethBalance = useBalance({ address: owner, chainId, query: { enabled: !!owner } });
  const capacity = useReadContract({ address: oft, abi: oftAbi, functionName: 'getAmountCanBeSent', args: [dstEid], chainId, query: { enabled: from !== to } });
  const conversion = useReadContract({ address: oft, abi: oftAbi, functionName: 'decimalConversionRate', chainId });
  const fee = useReadContract({ address: oft, abi: oftAbi, functionName: 'quoteSend', args: [sendParam, false], chainId, query: { enabled: hasAmount } });

  useRefreshOnBlock(chainId, [balance.queryKey, ethBalance.queryKey, capacity.queryKey, fee.queryKey]);

  return {
    balance: balance.data,
    ethBalance: ethBalance.data?.value,
    inFlight: capacity.data?.[0],
    capacity: capacity.data?.[1],
    received: hasAmount && conversion.data !== undefined ? withoutDust(amount, conversion.data) : undefined,
    nativeFee: hasAmount ? fee.data?.nativeFee : undefined,
    dustUnit: conversion.data,
    quoteError: hasAmount ? fee.error : null,
    termsError: balance.error ?? capacity.error ?? conversion.error,
    quoting: hasAmount && fee.isPending,
  };
}
