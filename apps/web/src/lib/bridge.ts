import { type Address, type Hex, isAddressEqual } from 'viem';

/** Does `packet` (as PacketVerified names it) belong to the send we are tracking? */
export function isOurPacket(
  origin: { srcEid: number; sender: Hex; nonce: bigint },
  receiver: Address,
  expected: { srcEid: number; sender: Hex; nonce: bigint; receiver: Address },
): boolean {
  return origin.srcEid === expected.srcEid && origin.nonce === expected.nonce && origin.sender.toLowerCase() === expected.sender.toLowerCase() && isAddressEqual(receiver, expected.receiver);
}
