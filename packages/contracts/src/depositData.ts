/**
 * The beacon deposit contract's DepositData root (SSZ hash tree root of pubkey, withdrawal
 * credentials, amount and signature), computed off chain: what a depositor passes as
 * `deposit_data_root`. The contract recomputes it and rejects a mismatch.
 */
import { type Hex, concatHex, padHex, sha256, sliceHex, toHex } from 'viem';

/** `amountGwei` as 8 little-endian bytes, as SSZ encodes a uint64. */
function littleEndian64(value: bigint): Hex {
  return toHex(Uint8Array.from({ length: 8 }, (_, i) => Number((value >> BigInt(8 * i)) & 0xffn)));
}

export function depositDataRoot(pubkey: Hex, withdrawalCredentials: Hex, signature: Hex, amountGwei: bigint): Hex {
  const pubkeyRoot = sha256(concatHex([pubkey, padHex('0x', { size: 16 })]));
  const signatureRoot = sha256(concatHex([sha256(sliceHex(signature, 0, 64)), sha256(concatHex([sliceHex(signature, 64, 96), padHex('0x', { size: 32 })]))]));
  return sha256(
    concatHex([sha256(concatHex([pubkeyRoot, withdrawalCredentials])), sha256(concatHex([littleEndian64(amountGwei), padHex('0x', { size: 24 }), signatureRoot]))]),
  );
}
