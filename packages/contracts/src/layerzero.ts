/**
 * LayerZero v2 wire formats the off-chain side needs: packets as the endpoint emits them in
 * `PacketSent`, and type-3 executor options. Offsets follow PacketV1Codec and ExecutorOptions.
 */
import { type Address, type Hex, concatHex, getAddress, hexToBigInt, hexToNumber, numberToHex, pad, size, sliceHex } from 'viem';

export interface Packet {
  nonce: bigint;
  srcEid: number;
  /** bytes32 sender (an EVM address left-padded). */
  sender: Hex;
  dstEid: number;
  receiver: Address;
  guid: Hex;
  message: Hex;
}

export class LayerZeroCodecError extends Error {
  override name = 'LayerZeroCodecError';
}

const PACKET_VERSION = 1;
const HEADER_SIZE = 113;

export function decodePacket(encoded: Hex): Packet {
  if (size(encoded) < HEADER_SIZE) throw new LayerZeroCodecError(`packet of ${size(encoded)} bytes is shorter than its ${HEADER_SIZE}-byte header`);
  const version = hexToNumber(sliceHex(encoded, 0, 1));
  if (version !== PACKET_VERSION) throw new LayerZeroCodecError(`unsupported packet version ${version}`);
  return {
    nonce: hexToBigInt(sliceHex(encoded, 1, 9)),
    srcEid: hexToNumber(sliceHex(encoded, 9, 13)),
    sender: sliceHex(encoded, 13, 45),
    dstEid: hexToNumber(sliceHex(encoded, 45, 49)),
    receiver: getAddress(sliceHex(encoded, 61, 81)),
    guid: sliceHex(encoded, 81, 113),
    message: size(encoded) === HEADER_SIZE ? '0x' : sliceHex(encoded, HEADER_SIZE),
  };
}

export function addressToBytes32(address: Address): Hex {
  return pad(address, { size: 32 });
}

const OPTIONS_TYPE_3 = '0x0003';
const EXECUTOR_WORKER_ID = 1;
const OPTION_LZ_RECEIVE = 1;

/** Type-3 options with one executor lzReceive option: gas (and optional value) for the receive call. */
export function lzReceiveOption(gas: bigint, value = 0n): Hex {
  const params = value === 0n ? numberToHex(gas, { size: 16 }) : concatHex([numberToHex(gas, { size: 16 }), numberToHex(value, { size: 16 })]);
  return concatHex([
    OPTIONS_TYPE_3,
    numberToHex(EXECUTOR_WORKER_ID, { size: 1 }),
    numberToHex(size(params) + 1, { size: 2 }),
    numberToHex(OPTION_LZ_RECEIVE, { size: 1 }),
    params,
  ]);
}

/** Sum of the lzReceive gas (and value) that type-3 options ask the executor for. */
export function lzReceiveGas(options: Hex): { gas: bigint; value: bigint } {
  if (size(options) < 2 || sliceHex(options, 0, 2) !== OPTIONS_TYPE_3) {
    throw new LayerZeroCodecError(`only type-3 options are supported, got ${options.slice(0, 6)}`);
  }
  let gas = 0n;
  let value = 0n;
  let cursor = 2;
  const end = size(options);
  while (cursor < end) {
    if (cursor + 4 > end) throw new LayerZeroCodecError('truncated option header');
    const workerId = hexToNumber(sliceHex(options, cursor, cursor + 1));
    const optionSize = hexToNumber(sliceHex(options, cursor + 1, cursor + 3));
    const optionType = hexToNumber(sliceHex(options, cursor + 3, cursor + 4));
    const paramsStart = cursor + 4;
    const next = cursor + 3 + optionSize;
    if (next > end) throw new LayerZeroCodecError('truncated option');
    if (workerId === EXECUTOR_WORKER_ID && optionType === OPTION_LZ_RECEIVE) {
      gas += hexToBigInt(sliceHex(options, paramsStart, paramsStart + 16));
      if (next - paramsStart === 32) value += hexToBigInt(sliceHex(options, paramsStart + 16, next));
    }
    cursor = next;
  }
  return { gas, value };
}
