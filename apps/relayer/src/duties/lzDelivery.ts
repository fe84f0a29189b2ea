/**
 * Local LayerZero delivery: what DVNs and executors do on public networks. For every PacketSent
 * on a chain's endpoint, verify the packet through the destination's receive library, then
 * execute it on the destination endpoint with the gas its options demand. Every step first reads
 * the endpoint's own state, so a packet already verified or delivered is never sent twice.
 */
import { type Account, type Hex, parseEventLogs, zeroHash } from 'viem';
import { type ChainName, chainByEid, chainNames } from '@tributary/config';
import { type Manifest, type Packet, decodePacket, endpointV2Abi, lzReceiveGas, simpleMessageLibAbi } from '@tributary/contracts';
import { type ChainClient, type Wallet, walletFor } from '../chains.ts';
import type { Logger } from '../log.ts';

/** Gas the endpoint spends around the receiver's lzReceive, on top of the gas the options ask for. */
const ENDPOINT_OVERHEAD_GAS = 100_000n;

export interface SentPacket {
  packet: Packet;
  encoded: Hex;
  options: Hex;
  /** Where it was seen, for logs. */
  sourceTx: Hex;
}

export type DeliveryState = 'unverified' | 'verified' | 'delivered';

export class LzDelivery {
  readonly name = 'lz-delivery';
  /** Next block to scan, per source chain. */
  private readonly cursors = new Map<ChainName, bigint>();
  /** Packets seen but not yet delivered, in the order they were sent. */
  private pending: SentPacket[] = [];
  private readonly wallets: Record<ChainName, Wallet>;

  constructor(
    private readonly manifest: Manifest,
    private readonly clients: Record<ChainName, ChainClient>,
    account: Account,
    private readonly log: Logger,
  ) {
    this.wallets = Object.fromEntries(chainNames.map((name) => [name, walletFor(clients[name], account)])) as Record<ChainName, Wallet>;
  }

  /** Scans every chain for new packets, then tries to deliver everything pending. */
  async tick(): Promise<number> {
    for (const name of chainNames) this.pending.push(...(await this.scan(name)));
    const stillPending: SentPacket[] = [];
    let delivered = 0;
    for (const sent of this.pending) {
      try {
        if (await this.deliver(sent)) delivered += 1;
      } catch (error) {
        this.log('warn', 'packet delivery failed; will retry', { guid: sent.packet.guid, error: errorMessage(error) });
        stillPending.push(sent);
      }
    }
    this.pending = stillPending;
    return delivered;
  }

  private async scan(name: ChainName): Promise<SentPacket[]> {
    const client = this.clients[name].public;
    const head = await client.getBlockNumber();
    const from = this.cursors.get(name) ?? 0n;
    if (from > head) return [];
    const logs = await client.getContractEvents({
      address: this.manifest.chains[name].contracts.EndpointV2,
      abi: endpointV2Abi,
      eventName: 'PacketSent',
      fromBlock: from,
      toBlock: head,
    });
    this.cursors.set(name, head + 1n);
    return logs.map((log) => ({
      packet: decodePacket(log.args.encodedPayload as Hex),
      encoded: log.args.encodedPayload as Hex,
      options: log.args.options as Hex,
      sourceTx: log.transactionHash,
    }));
  }

  /** The destination endpoint's view of a packet. */
  async state(packet: Packet): Promise<DeliveryState> {
    const destination = this.destination(packet);
    const endpoint = { address: this.manifest.chains[destination].contracts.EndpointV2, abi: endpointV2Abi } as const;
    const client = this.clients[destination].public;
    const [payloadHash, lazyNonce] = await Promise.all([
      client.readContract({ ...endpoint, functionName: 'inboundPayloadHash', args: [packet.receiver, packet.srcEid, packet.sender, packet.nonce] }),
      client.readContract({ ...endpoint, functionName: 'lazyInboundNonce', args: [packet.receiver, packet.srcEid, packet.sender] }),
    ]);
    if (payloadHash !== zeroHash) return 'verified';
    // The endpoint clears a payload hash on delivery and never lowers the lazy nonce.
    return packet.nonce <= lazyNonce ? 'delivered' : 'unverified';
  }

  /** Verifies and executes one packet; returns false when it was already delivered. */
  private async deliver(sent: SentPacket): Promise<boolean> {
    const { packet } = sent;
    const destination = this.destination(packet);
    const client = this.clients[destination].public;
    const wallet = this.wallets[destination];
    const endpointAddress = this.manifest.chains[destination].contracts.EndpointV2;

    let state = await this.state(packet);
    if (state === 'delivered') return false;
    if (state === 'unverified') {
      const [library] = await client.readContract({
        address: endpointAddress,
        abi: endpointV2Abi,
        functionName: 'getReceiveLibrary',
        args: [packet.receiver, packet.srcEid],
      });
      const { request } = await client.simulateContract({
        account: wallet.account,
        address: library,
        abi: simpleMessageLibAbi,
        functionName: 'validatePacket',
        args: [sent.encoded],
      });
      await confirm(client, await wallet.writeContract(request), 'validatePacket');
      state = 'verified';
      this.log('debug', 'packet verified', { guid: packet.guid, destination });
    }

    const { gas, value } = lzReceiveGas(sent.options);
    const origin = { srcEid: packet.srcEid, sender: packet.sender, nonce: packet.nonce };
    const { request } = await client.simulateContract({
      account: wallet.account,
      address: endpointAddress,
      abi: endpointV2Abi,
      functionName: 'lzReceive',
      args: [origin, packet.receiver, packet.guid, packet.message, '0x'],
      value,
    });
    const hash = await wallet.writeContract({ ...request, gas: gas + ENDPOINT_OVERHEAD_GAS });
    const receipt = await confirm(client, hash, 'lzReceive');
    const delivered = parseEventLogs({ abi: endpointV2Abi, eventName: 'PacketDelivered', logs: receipt.logs });
    if (delivered.length === 0) throw new Error(`lzReceive ${hash} emitted no PacketDelivered`);
    this.log('info', 'packet delivered', {
      guid: packet.guid,
      from: chainByEid(packet.srcEid)?.name,
      to: destination,
      nonce: packet.nonce,
      sourceTx: sent.sourceTx,
      tx: hash,
      gasUsed: receipt.gasUsed,
    });
    return true;
  }

  private destination(packet: Packet): ChainName {
    const chain = chainByEid(packet.dstEid);
    if (!chain) throw new Error(`packet ${packet.guid} is for unknown eid ${packet.dstEid}`);
    return chain.name;
  }
}

async function confirm(client: ChainClient['public'], hash: Hex, what: string) {
  const receipt = await client.waitForTransactionReceipt({ hash });
  if (receipt.status !== 'success') throw new Error(`${what} reverted in ${hash}`);
  return receipt;
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return (error as { shortMessage?: string }).shortMessage ?? error.message;
  return String(error);
}
