/**
 * LayerZero v2 wire formats the off-chain side needs: packets as the endpoint emits them in
 * `PacketSent`, and type-3 executor options. Offsets follow PacketV1Codec and ExecutorOptions.
 */
import { type Address, type Hex, concatHex, getAddress, hexToBigInt, hexToNumber, keccak256, numberToHex, pad, size, sliceHex } from 'viem';

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
/** PacketV1Codec's header up to the guid: version, nonce, srcEid, sender, dstEid, receiver. */
const PACKET_HEADER_SIZE = 81;

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

/** The packet as PacketV1Codec encodes it (what `PacketSent` carries); `decodePacket` reverses it. */
export function encodePacket(packet: Packet): Hex {
  return concatHex([
    numberToHex(PACKET_VERSION, { size: 1 }),
    numberToHex(packet.nonce, { size: 8 }),
    numberToHex(packet.srcEid, { size: 4 }),
    packet.sender,
    numberToHex(packet.dstEid, { size: 4 }),
    addressToBytes32(packet.receiver),
    packet.guid,
    packet.message,
  ]);
}

/** The header ULN302 verifies: everything before the guid. */
export function packetHeader(encoded: Hex): Hex {
  return sliceHex(encoded, 0, PACKET_HEADER_SIZE);
}

/** keccak256(guid ‖ message): what DVNs attest to and the endpoint stores for a packet. */
export function packetPayloadHash(encoded: Hex): Hex {
  return keccak256(sliceHex(encoded, PACKET_HEADER_SIZE));
}

export function addressToBytes32(address: Address): Hex {
  return pad(address, { size: 32 });
}

const OPTIONS_TYPE_3 = '0x0003';
const EXECUTOR_WORKER_ID = 1;
const OPTION_LZ_RECEIVE = 1;
const OPTION_LZ_COMPOSE = 3;

/** One executor option as type-3 options chain them: worker id, size, option type, params. */
function executorOption(optionType: number, params: Hex): Hex {
  return concatHex([
    numberToHex(EXECUTOR_WORKER_ID, { size: 1 }),
    numberToHex(size(params) + 1, { size: 2 }),
    numberToHex(optionType, { size: 1 }),
    params,
  ]);
}

/** Type-3 options with one executor lzReceive option: gas (and optional value) for the receive call. */
export function lzReceiveOption(gas: bigint, value = 0n): Hex {
  const params = value === 0n ? numberToHex(gas, { size: 16 }) : concatHex([numberToHex(gas, { size: 16 }), numberToHex(value, { size: 16 })]);
  return concatHex([OPTIONS_TYPE_3, executorOption(OPTION_LZ_RECEIVE, params)]);
}

/**
 * Type-3 options for a composed message: lzReceive gas for the receive (which queues the compose)
 * and lzCompose gas for the composer call at `index` (OFTCore composes at index 0).
 */
export function lzReceiveAndComposeOption(receiveGas: bigint, composeGas: bigint, index = 0): Hex {
  return concatHex([
    lzReceiveOption(receiveGas),
    executorOption(OPTION_LZ_COMPOSE, concatHex([numberToHex(index, { size: 2 }), numberToHex(composeGas, { size: 16 })])),
  ]);
}

/** Sum of the lzCompose gas that type-3 options ask the executor for at compose `index`. */
export function lzComposeGas(options: Hex, index = 0): bigint {
  let gas = 0n;
  for (const option of executorOptions(options)) {
    if (option.type === OPTION_LZ_COMPOSE && hexToNumber(sliceHex(option.params, 0, 2)) === index) gas += hexToBigInt(sliceHex(option.params, 2, 18));
  }
  return gas;
}

/** The executor options in type-3 options, in order. */
function executorOptions(options: Hex): { type: number; params: Hex }[] {
  if (size(options) < 2 || sliceHex(options, 0, 2) !== OPTIONS_TYPE_3) {
    throw new LayerZeroCodecError(`only type-3 options are supported, got ${options.slice(0, 6)}`);
  }
  const found: { type: number; params: Hex }[] = [];
  let cursor = 2;
  const end = size(options);
  while (cursor < end) {
    if (cursor + 4 > end) throw new LayerZeroCodecError('truncated option header');
    const workerId = hexToNumber(sliceHex(options, cursor, cursor + 1));
    const optionSize = hexToNumber(sliceHex(options, cursor + 1, cursor + 3));
    const next = cursor + 3 + optionSize;
    if (next > end) throw new LayerZeroCodecError('truncated option');
    if (workerId === EXECUTOR_WORKER_ID) found.push({ type: hexToNumber(sliceHex(options, cursor + 3, cursor + 4)), params: sliceHex(options, cursor + 4, next) });
    cursor = next;
  }
  return found;
}

/** Sum of the lzReceive gas (and value) that type-3 options ask the executor for. */
export function lzReceiveGas(options: Hex): { gas: bigint; value: bigint } {
  let gas = 0n;
  let value = 0n;
  for (const option of executorOptions(options)) {
    if (option.type !== OPTION_LZ_RECEIVE) continue;
    gas += hexToBigInt(sliceHex(option.params, 0, 16));
    if (size(option.params) === 32) value += hexToBigInt(sliceHex(option.params, 16, 32));
  }
  return { gas, value };
}
