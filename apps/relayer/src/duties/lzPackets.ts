/**
 * What the DVN and executor workers share: the packets LayerZero endpoints emit (`PacketSent`),
 * their header and payload hash as ULN302 keys verifications by, who the source library assigned
 * them to, and the destination endpoint's view of them.
 */
import { type Hex, type Log, type TransactionReceipt, parseEventLogs, zeroHash } from 'viem';
import { type ChainName, chainByEid, chainNames } from '@tributary/config';
import { type Manifest, type Packet, decodePacket, endpointV2Abi, packetHeader, packetPayloadHash, sendUln302Abi } from '@tributary/contracts';
import type { ChainClient } from '../chains.ts';
import { type LogScanner, type Recheck, decodeEventData, eventScanner } from '../scanner.ts';
import type { StoredEvent } from '../store.ts';
import type { Context } from '../signer.ts';

export type DeliveryState = 'unverified' | 'verified' | 'delivered';

/** Outcomes after which a packet event needs nothing more from a worker. */
export const settledOutcomes = new Set(['done', 'already-done', 'skipped']);
/** A packet the source library did not assign (and pay) this worker for: it is not this worker's to handle. */
export const NOT_ASSIGNED = 'not-assigned';

export interface SentPacket {
  packet: Packet;
  encoded: Hex;
  options: Hex;
  /** The header ULN302 verifies (everything before the guid). */
  header: Hex;
  /** keccak256(guid ‖ message): what the DVNs attest to and the endpoint stores. */
  payloadHash: Hex;
  destination: ChainName;
}

export function sentPacket(event: StoredEvent): SentPacket {
  const { encodedPayload, options } = decodeEventData<{ encodedPayload: Hex; options: Hex }>(event);
  const packet = decodePacket(encodedPayload);
  const destination = chainByEid(packet.dstEid);
  if (!destination) throw new Error(`packet ${packet.guid} is for unknown eid ${packet.dstEid}`);
  return {
    packet,
    encoded: encodedPayload,
    options,
    header: packetHeader(encodedPayload),
    payloadHash: packetPayloadHash(encodedPayload),
    destination: destination.name,
  };
}

/** One `PacketSent` scanner per chain's endpoint, for one worker. */
export function packetScanners(ctx: Context, duty: string, manifest: Manifest, clients: Record<ChainName, ChainClient>): LogScanner[] {
  return chainNames.map((name) => eventScanner(ctx, duty, clients[name], manifest.chains[name].contracts.EndpointV2, endpointV2Abi, 'PacketSent'));
}

/**
 * Settles a reorged event, or says whether it can be acted on now. Returns the recheck's log when
 * it can: its index (the transaction may have moved) locates the library's events beside it.
 */
export async function confirmedLog(ctx: Context, duty: string, scanners: readonly LogScanner[], event: StoredEvent): Promise<Log | undefined> {
  const scanner = scanners.find((candidate) => candidate.client.name === event.chain && candidate.duty === event.duty)!;
  const check: Recheck = await scanner.recheck(event);
  if (check.status === 'unconfirmed') return undefined;
  if (check.status === 'reorged') {
    ctx.store.settle(event.id, 'reorged');
    ctx.metrics.eventsReorged.inc({ chain: event.chain });
    ctx.log('warn', 'event left the chain before it was acted on; ignoring it', { duty, chain: event.chain, tx: event.txHash });
    return undefined;
  }
  return check.log;
}

/**
 * The workers SendUln302 paid for the packet at `packetLog`: its ExecutorFeePaid and DVNFeePaid
 * events come just before the endpoint's PacketSent in the same transaction.
 */
export function assignedWorkers(receipt: TransactionReceipt, sendLibrary: Hex, packetLog: Log): { executor?: Hex; dvns: Hex[] } {
  const own = receipt.logs.filter((log) => log.address.toLowerCase() === sendLibrary.toLowerCase() && log.logIndex < packetLog.logIndex!);
  const executor = parseEventLogs({ abi: sendUln302Abi, eventName: 'ExecutorFeePaid', logs: own }).at(-1);
  const dvns = parseEventLogs({ abi: sendUln302Abi, eventName: 'DVNFeePaid', logs: own }).at(-1);
  return { executor: executor?.args.executor, dvns: dvns ? [...dvns.args.requiredDVNs, ...dvns.args.optionalDVNs] : [] };
}

/** The destination endpoint's view of a packet. */
export async function deliveryState(manifest: Manifest, clients: Record<ChainName, ChainClient>, sent: SentPacket): Promise<DeliveryState> {
  const { packet } = sent;
  const endpoint = { address: manifest.chains[sent.destination].contracts.EndpointV2, abi: endpointV2Abi } as const;
  const client = clients[sent.destination].public;
  const [payloadHash, lazyNonce] = await Promise.all([
    client.readContract({ ...endpoint, functionName: 'inboundPayloadHash', args: [packet.receiver, packet.srcEid, packet.sender, packet.nonce] }),
    client.readContract({ ...endpoint, functionName: 'lazyInboundNonce', args: [packet.receiver, packet.srcEid, packet.sender] }),
  ]);
  if (payloadHash !== zeroHash) return 'verified';
  // The endpoint clears a payload hash on delivery and never lowers the lazy nonce.
  return packet.nonce <= lazyNonce ? 'delivered' : 'unverified';
}
