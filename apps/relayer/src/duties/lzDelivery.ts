/**
 * Local LayerZero delivery: what DVNs and executors do on public networks. For every PacketSent
 * on a chain's endpoint, verify the packet through the destination's receive library, then
 * execute it on the destination endpoint with the gas its options demand. Every step first reads
 * the endpoint's own state, so a packet already verified or delivered is never sent twice.
 */
import { type Hex, type LocalAccount, zeroHash } from 'viem';
import { type ChainName, chainByEid, chainNames } from '@tributary/config';
import { type Manifest, type Packet, decodePacket, endpointV2Abi, lzReceiveGas, simpleMessageLibAbi } from '@tributary/contracts';
import type { ChainClient } from '../chains.ts';
import { type LogScanner, decodeEventData, eventScanner } from '../scanner.ts';
import { type Context, IsolatedSteps, type Signer, type Signers, runAction } from '../tx.ts';

/** Gas the endpoint spends around the receiver's lzReceive, on top of the gas the options ask for. */
const ENDPOINT_OVERHEAD_GAS = 100_000n;

export type DeliveryState = 'unverified' | 'verified' | 'delivered';

const settledOutcomes = new Set(['done', 'already-done', 'skipped']);

export class LzDelivery {
  readonly name = 'lz-delivery';
  private readonly scanners: LogScanner[];
  private readonly signers: Record<ChainName, Signer>;

  constructor(
    private readonly manifest: Manifest,
    private readonly clients: Record<ChainName, ChainClient>,
    account: LocalAccount,
    private readonly ctx: Context,
    signers: Signers,
  ) {
    this.scanners = chainNames.map((name) => eventScanner(ctx, this.name, clients[name], manifest.chains[name].contracts.EndpointV2, endpointV2Abi, 'PacketSent'));
    this.signers = Object.fromEntries(chainNames.map((name) => [name, signers.for(clients[name], account)])) as Record<ChainName, Signer>;
  }

  /** Scans every chain for new packets, then delivers everything confirmed; returns how many it delivered. */
  async tick(): Promise<number> {
    const steps = new IsolatedSteps(this.ctx, this.name);
    for (const scanner of this.scanners) await steps.run(`scan ${scanner.client.name}`, () => scanner.scan());
    let delivered = 0;
    for (const event of this.ctx.store.openEvents(this.name)) {
      await steps.run(`event ${event.id}`, async () => {
        const scanner = this.scanners.find((candidate) => candidate.client.name === event.chain)!;
        const check = await scanner.recheck(event);
        if (check.status === 'unconfirmed') return;
        if (check.status === 'reorged') {
          this.ctx.store.settle(event.id, 'reorged');
          this.ctx.metrics.eventsReorged.inc({ chain: event.chain });
          this.ctx.log('warn', 'packet left the chain before delivery; not delivering', { chain: event.chain, tx: event.txHash });
          return;
        }
        const { encodedPayload, options } = decodeEventData<{ encodedPayload: Hex; options: Hex }>(event);
        const outcome = await this.deliver(decodePacket(encodedPayload), encodedPayload, options, event.txHash);
        if (settledOutcomes.has(outcome)) {
          this.ctx.store.settle(event.id, outcome);
          if (outcome === 'done') delivered += 1;
        }
      });
    }
    steps.finish();
    return delivered;
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

  /** Verifies, then executes one packet: two checkpointed actions. */
  private async deliver(packet: Packet, encoded: Hex, options: Hex, sourceTx: Hex): Promise<string> {
    const destination = this.destination(packet);
    const client = this.clients[destination].public;
    const signer = this.signers[destination];
    const endpointAddress = this.manifest.chains[destination].contracts.EndpointV2;

    const verified = await runAction(
      this.ctx,
      signer,
      { id: `lz-verify:${packet.guid}`, duty: this.name, what: 'validatePacket' },
      async () => (await this.state(packet)) !== 'unverified',
      async () => {
        const [library] = await client.readContract({ address: endpointAddress, abi: endpointV2Abi, functionName: 'getReceiveLibrary', args: [packet.receiver, packet.srcEid] });
        return signer.write(`lz-verify:${packet.guid}`, this.name, { address: library, abi: simpleMessageLibAbi, functionName: 'validatePacket', args: [encoded] });
      },
    );
    if (!settledOutcomes.has(verified.outcome)) return verified.outcome;

    const { gas, value } = lzReceiveGas(options);
    const origin = { srcEid: packet.srcEid, sender: packet.sender, nonce: packet.nonce };
    const executed = await runAction(
      this.ctx,
      signer,
      { id: `lz-execute:${packet.guid}`, duty: this.name, what: 'lzReceive' },
      async () => (await this.state(packet)) === 'delivered',
      () =>
        signer.write(`lz-execute:${packet.guid}`, this.name, {
          address: endpointAddress,
          abi: endpointV2Abi,
          functionName: 'lzReceive',
          args: [origin, packet.receiver, packet.guid, packet.message, '0x'],
          value,
          gas: gas + ENDPOINT_OVERHEAD_GAS,
        }),
    );
    if (executed.outcome === 'done') {
      this.ctx.log('info', 'packet delivered', {
        guid: packet.guid,
        from: chainByEid(packet.srcEid)?.name,
        to: destination,
        nonce: packet.nonce,
        sourceTx,
        tx: executed.receipt?.transactionHash,
        gasUsed: executed.receipt?.gasUsed,
      });
    }
    return executed.outcome;
  }

  private destination(packet: Packet): ChainName {
    const chain = chainByEid(packet.dstEid);
    if (!chain) throw new Error(`packet ${packet.guid} is for unknown eid ${packet.dstEid}`);
    return chain.name;
  }
}
