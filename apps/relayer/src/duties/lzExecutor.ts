/**
 * The LayerZero executor: for each packet the source library assigned (and paid) the devnet's
 * Executor for, it commits the verification to the destination endpoint once ReceiveUln302 holds
 * every required DVN's, then executes `lzReceive` through the destination's Executor (execute302)
 * with the gas the packet's options enforce. Composed messages the endpoint queues (ComposeSent)
 * are executed through `compose302` with their lzCompose gas. Like LayerZero's executor it
 * simulates the call first and leaves a message that would revert for a later attempt.
 */
import { type Abi, type Hex, type LocalAccount, type TransactionReceipt, encodeFunctionData, getAddress, keccak256, parseEventLogs, sliceHex, toHex } from 'viem';
import { type ChainName, chainByEid, chainNames } from '@tributary/config';
import { endpointV2Abi, executorAbi, lzComposeGas, lzReceiveGas, receiveUln302Abi } from '@tributary/contracts';
import { type LogScanner, decodeEventData, eventScanner } from '../scanner.ts';
import type { StoredEvent } from '../store.ts';
import { IsolatedSteps, runAction } from '../actions.ts';
import type { Signer } from '../signer.ts';
import { DutyBase, type DutyDeps } from './duty.ts';
import { NOT_ASSIGNED, type SentPacket, assignedWorkers, confirmedLog, deliveryState, packetScanners, sentPacket, settledOutcomes } from './lzPackets.ts';

/** Gas the Executor and endpoint spend around the receiver's call, on top of the 64/63 the call needs forwarded. */
const EXECUTOR_OVERHEAD_GAS = 200_000n;
/** EndpointV2's composeQueue value once a compose message was delivered. */
const RECEIVED_MESSAGE_HASH = toHex(1n, { size: 32 });

interface ComposeSent {
  from: Hex;
  to: Hex;
  guid: Hex;
  index: number;
  message: Hex;
}

const withOverhead = (gas: bigint) => gas + gas / 63n + EXECUTOR_OVERHEAD_GAS;

/** A transaction's base cost: 21,000 plus 4 gas per zero and 16 per other calldata byte. */
function intrinsicGas(data: Hex): bigint {
  let gas = 21_000n;
  for (let at = 2; at < data.length; at += 2) gas += data.slice(at, at + 2) === '00' ? 4n : 16n;
  return gas;
}

export class LzExecutor extends DutyBase {
  readonly name = 'lz-executor';
  private readonly composeDuty = 'lz-executor-compose';
  private readonly packetScanners: LogScanner[];
  private readonly composeScanners: LogScanner[];
  private readonly signers: Record<ChainName, Signer>;

  constructor(deps: DutyDeps, account: LocalAccount) {
    super(deps);
    const { ctx, clients, manifest } = deps;
    this.packetScanners = packetScanners(ctx, this.name, manifest, clients);
    this.composeScanners = chainNames.map((name) => eventScanner(ctx, this.composeDuty, clients[name], manifest.chains[name].contracts.EndpointV2, endpointV2Abi, 'ComposeSent'));
    this.signers = deps.signers.forEach(clients, chainNames, account);
  }

  /** Scans every chain, then delivers what is verified and composes what is queued; returns how many packets it delivered. */
  async tick(): Promise<number> {
    const steps = new IsolatedSteps(this.ctx, this.name);
    for (const scanner of [...this.packetScanners, ...this.composeScanners]) await steps.run(`scan ${scanner.duty} ${scanner.client.name}`, () => scanner.scan());
    let delivered = 0;
    for (const event of this.ctx.store.openEvents(this.name)) {
      await steps.run(`event ${event.id}`, async () => {
        const outcome = await this.packet(event);
        if (outcome && (settledOutcomes.has(outcome) || outcome === NOT_ASSIGNED)) {
          this.ctx.store.settle(event.id, outcome);
          if (outcome === 'done') delivered += 1;
        }
      });
    }
    for (const event of this.ctx.store.openEvents(this.composeDuty)) {
      await steps.run(`compose ${event.id}`, async () => {
        const outcome = await this.compose(event);
        if (outcome && (settledOutcomes.has(outcome) || outcome === NOT_ASSIGNED)) this.ctx.store.settle(event.id, outcome);
      });
    }
    steps.finish();
    return delivered;
  }

  /** Commits and executes one packet; undefined while it waits for confirmations or DVNs. */
  private async packet(event: StoredEvent): Promise<string | undefined> {
    const log = await confirmedLog(this.ctx, this.name, this.packetScanners, event);
    if (!log) return undefined;
    const sent = sentPacket(event);
    const source = this.manifest.chains[event.chain as ChainName].contracts;
    const receipt = await this.clients[event.chain as ChainName].public.getTransactionReceipt({ hash: event.txHash });
    const { executor } = assignedWorkers(receipt, source.SendUln302, log);
    if (executor?.toLowerCase() !== source.Executor.toLowerCase()) return NOT_ASSIGNED;
    // Composes are found on the destination later; the options that price their gas are here.
    this.ctx.store.set(`lz-options:${sent.packet.guid}`, sent.options);

    const committed = await this.commit(sent);
    if (committed === undefined || !settledOutcomes.has(committed)) return committed;
    return this.execute(sent, event);
  }

  private async commit(sent: SentPacket): Promise<string | undefined> {
    const { packet } = sent;
    const client = this.clients[sent.destination].public;
    const endpoint = this.manifest.chains[sent.destination].contracts.EndpointV2;
    if ((await deliveryState(this.manifest, this.clients, sent)) !== 'unverified') return 'already-done';
    const [library] = await client.readContract({ address: endpoint, abi: endpointV2Abi, functionName: 'getReceiveLibrary', args: [packet.receiver, packet.srcEid] });
    const config = await client.readContract({ address: library, abi: receiveUln302Abi, functionName: 'getUlnConfig', args: [packet.receiver, packet.srcEid] });
    // Every required DVN (and the optional threshold) must have verified: until then, wait.
    if (!(await client.readContract({ address: library, abi: receiveUln302Abi, functionName: 'verifiable', args: [config, keccak256(sent.header), sent.payloadHash] }))) return undefined;
    const id = `lz-commit:${packet.guid}`;
    const signer = this.signers[sent.destination];
    const result = await runAction(
      this.ctx,
      signer,
      { id, duty: this.name, what: 'commitVerification' },
      async () => (await deliveryState(this.manifest, this.clients, sent)) !== 'unverified',
      () => signer.write(id, this.name, { address: library, abi: receiveUln302Abi, functionName: 'commitVerification', args: [sent.header, sent.payloadHash] }),
    );
    return result.outcome;
  }

  private async execute(sent: SentPacket, event: StoredEvent): Promise<string> {
    const { packet } = sent;
    const destination = this.manifest.chains[sent.destination].contracts;
    const { gas, value } = lzReceiveGas(sent.options);
    const origin = { srcEid: packet.srcEid, sender: packet.sender, nonce: packet.nonce };
    const result = await this.executeThrough(
      sent.destination,
      `lz-execute:${packet.guid}`,
      'lzReceive',
      async () => (await deliveryState(this.manifest, this.clients, sent)) === 'delivered',
      { abi: endpointV2Abi, functionName: 'lzReceive', args: [origin, packet.receiver, packet.guid, packet.message, '0x'] },
      gas,
      value,
      (id, signer) =>
        signer.write(id, this.name, {
          address: destination.Executor,
          abi: executorAbi,
          functionName: 'execute302',
          args: [{ receiver: packet.receiver, origin, guid: packet.guid, message: packet.message, extraData: '0x', gasLimit: gas }],
          value,
          gas: withOverhead(gas),
        }),
    );
    if (result.outcome === 'done') {
      this.ctx.log('info', 'packet delivered', {
        guid: packet.guid,
        from: chainByEid(packet.srcEid)?.name,
        to: sent.destination,
        nonce: packet.nonce,
        sourceTx: event.txHash,
        tx: result.receipt?.transactionHash,
        gasUsed: result.receipt?.gasUsed,
      });
    }
    return result.outcome;
  }

  private async compose(event: StoredEvent): Promise<string | undefined> {
    const log = await confirmedLog(this.ctx, this.composeDuty, this.composeScanners, event);
    if (!log) return undefined;
    const chain = event.chain as ChainName;
    const { from, to, guid, index, message } = decodeEventData<ComposeSent>(event);
    const options = this.ctx.store.get(`lz-options:${guid}`) as Hex | undefined;
    // Not a packet this executor was paid for, or one whose sender paid no compose gas.
    const gas = options ? lzComposeGas(options, index) : 0n;
    if (gas === 0n) return NOT_ASSIGNED;
    const endpoint = { address: this.manifest.chains[chain].contracts.EndpointV2, abi: endpointV2Abi } as const;
    const result = await this.executeThrough(
      chain,
      `lz-compose:${guid}:${index}`,
      'lzCompose',
      async () => (await this.clients[chain].public.readContract({ ...endpoint, functionName: 'composeQueue', args: [from, to, guid, index] })) === RECEIVED_MESSAGE_HASH,
      { abi: endpointV2Abi, functionName: 'lzCompose', args: [from, to, guid, index, message, '0x'] },
      gas,
      0n,
      (id, signer) =>
        signer.write(id, this.name, {
          address: this.manifest.chains[chain].contracts.Executor,
          abi: executorAbi,
          functionName: 'compose302',
          args: [from, to, guid, index, message, '0x', gas],
          gas: withOverhead(gas),
        }),
    );
    if (result.outcome === 'done') this.ctx.log('info', 'compose delivered', { guid, index, chain, to, tx: result.receipt?.transactionHash });
    return result.outcome;
  }

  /**
   * One Executor call as a checkpointed action. The endpoint call is simulated from the Executor
   * first, with the gas it will get: a receiver that would revert fails the action (retried after
   * backoff) without a transaction. The Executor turns an on-chain revert into an alert instead
   * of reverting; then the next attempt runs under a new action id, so it is not taken for done.
   */
  private async executeThrough(
    chain: ChainName,
    baseId: string,
    what: 'lzReceive' | 'lzCompose',
    alreadyDone: () => Promise<boolean>,
    endpointCall: { abi: Abi; functionName: string; args: readonly unknown[] },
    gas: bigint,
    value: bigint,
    send: (id: string, signer: Signer) => Promise<TransactionReceipt>,
  ) {
    const attemptKey = `${baseId}:attempt`;
    const id = `${baseId}:${this.ctx.store.get(attemptKey) ?? '0'}`;
    const signer = this.signers[chain];
    const client = this.clients[chain].public;
    const contracts = this.manifest.chains[chain].contracts;
    return runAction(this.ctx, signer, { id, duty: this.name, what }, alreadyDone, async () => {
      const data = encodeFunctionData(endpointCall as never);
      await client.call({
        account: contracts.Executor,
        to: contracts.EndpointV2,
        data,
        value,
        // The endpoint gets exactly `gas` from the Executor; a simulated transaction also pays its intrinsic gas.
        gas: gas + intrinsicGas(data),
        stateOverride: value > 0n ? [{ address: contracts.Executor, balance: value }] : undefined,
      });
      const receipt = await send(id, signer);
      const alert = parseEventLogs({ abi: endpointV2Abi, logs: receipt.logs }).find((log) => log.eventName === 'LzReceiveAlert' || log.eventName === 'LzComposeAlert');
      if (alert) {
        this.ctx.store.set(attemptKey, String(Number(this.ctx.store.get(attemptKey) ?? '0') + 1));
        throw new Error(`${what} reverted on chain (${alert.eventName}); retrying`);
      }
      return receipt;
    });
  }
}
