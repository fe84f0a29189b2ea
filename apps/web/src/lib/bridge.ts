import { type Address, type Hex, isAddressEqual, pad } from 'viem';
import { type ChainName, chains } from '@tributary/config';
import type { Manifest } from '@tributary/contracts';
import { trETHAdapterAbi } from '@tributary/contracts/abis';

/**
 * The hub lockbox (TrETHAdapter) and the spoke OFTs (TrETH) both implement LayerZero's IOFT
 * and the same outbound rate limiter, so the adapter's ABI describes those calls on either.
 */
export const oftAbi = trETHAdapterAbi;

/** Where trETH leaves `chain` from: the lockbox on the hub (it pulls approved trETH), the token itself on a spoke. */
export function oftOf(manifest: Manifest, chain: ChainName): Address {
  return chain === 'hub' ? manifest.chains.hub.contracts.TrETHAdapter : manifest.chains[chain].contracts.TrETH;
}

/** The ERC-20 whose balance moves: hub trETH, or the spoke's OFT. */
export function tokenOf(manifest: Manifest, chain: ChainName): Address {
  return manifest.chains[chain].contracts.TrETH;
}


export interface SendParam {
  dstEid: number;
  to: Hex;
  amountLD: bigint;
  minAmountLD: bigint;
  extraOptions: Hex;
  composeMsg: Hex;
  oftCmd: Hex;
}

/** An OFT send of `amount` to the same address on `to`; the enforced options carry the receive gas. */
export function sendParamFor(to: ChainName, recipient: Address, amount: bigint, minAmount = amount): SendParam {
  return { dstEid: chains[to].eid, to: pad(recipient, { size: 32 }), amountLD: amount, minAmountLD: minAmount, extraOptions: '0x', composeMsg: '0x', oftCmd: '0x' };
}

/** The OFT carries 6 shared decimals: what is below that is dust the send leaves behind. */
export function withoutDust(amount: bigint, decimalConversionRate: bigint): bigint {
  return decimalConversionRate > 0n ? (amount / decimalConversionRate) * decimalConversionRate : amount;
}

/** Does `packet` (as PacketVerified names it) belong to the send we are tracking? */
export function isOurPacket(
  origin: { srcEid: number; sender: Hex; nonce: bigint },
  receiver: Address,
  expected: { srcEid: number; sender: Hex; nonce: bigint; receiver: Address },
): boolean {
  return origin.srcEid === expected.srcEid && origin.nonce === expected.nonce && origin.sender.toLowerCase() === expected.sender.toLowerCase() && isAddressEqual(receiver, expected.receiver);
}
