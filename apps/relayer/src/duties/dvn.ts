/**
 * A DVN: one signer of one of the devnet's DVN contracts (found by its key on every chain). For
 * each packet its DVN was assigned and paid for on the source chain, once the packet has the
 * confirmations the sender's ULN config asks for, it signs the ULN302 `verify` call and submits it
 * through its DVN contract's `execute`. It signs only what it read from the source chain itself,
 * and each verification is a checkpointed action: a restart never submits one twice.
 */
import { type Hex, type LocalAccount, encodeFunctionData, encodePacked, getAddress, keccak256, parseEventLogs, sliceHex } from 'viem';
import { type ChainName, chainNames } from '@tributary/config';
import { dvnAbi, dvnNames, receiveUln302Abi, sendUln302Abi } from '@tributary/contracts';
import type { LogScanner } from '../scanner.ts';
import { IsolatedSteps, runAction } from '../actions.ts';
import type { Signer } from '../signer.ts';
import { DutyBase, type DutyDeps } from './duty.ts';
import { NOT_ASSIGNED, type SentPacket, assignedWorkers, confirmedLog, deliveryState, packetScanners, sentPacket, settledOutcomes } from './lzPackets.ts';

/** How long a signed instruction stays valid: long enough to survive an outage of its submitter. */
const INSTRUCTION_TTL_SECONDS = 86_400n;

interface OwnDvn {
  address: Hex;
  vid: number;
}

export class DvnWorker extends DutyBase {
  readonly name: string;
  private readonly scanners: LogScanner[];
  private readonly signers: Record<ChainName, Signer>;
  private dvns: Record<ChainName, OwnDvn> | undefined;

  constructor(
    deps: DutyDeps,
    private readonly account: LocalAccount,
  ) {
    super(deps);
    this.name = `dvn:${account.address}`;
    this.scanners = packetScanners(deps.ctx, this.name, deps.manifest, deps.clients);
    this.signers = deps.signers.forEach(deps.clients, chainNames, account);
  }

  /** Scans every chain for packets, then verifies those assigned to its DVN; returns how many it verified. */
  async tick(): Promise<number> {
    const dvns = await this.ownDvns();
    const steps = new IsolatedSteps(this.ctx, this.name);
    for (const scanner of this.scanners) await steps.run(`scan ${scanner.client.name}`, () => scanner.scan());
    let verified = 0;
    for (const event of this.ctx.store.openEvents(this.name)) {
      await steps.run(`event ${event.id}`, async () => {
        const log = await confirmedLog(this.ctx, this.name, this.scanners, event);
        if (!log) return;
        const sent = sentPacket(event);
        const source = this.clients[event.chain as ChainName].public;
        const receipt = await source.getTransactionReceipt({ hash: event.txHash });
        const sourceContracts = this.manifest.chains[event.chain as ChainName].contracts;
        const assigned = assignedWorkers(receipt, sourceContracts.SendUln302, log);
        if (!assigned.dvns.some((dvn) => dvn.toLowerCase() === dvns[event.chain as ChainName].address.toLowerCase())) {
          this.ctx.store.settle(event.id, NOT_ASSIGNED);
          return;
        }
        // The confirmations the sender's config asks for; the packet's block counts as the first.
        const { confirmations } = await source.readContract({
          address: sourceContracts.SendUln302,
          abi: sendUln302Abi,
          functionName: 'getUlnConfig',
          args: [getAddress(sliceHex(sent.packet.sender, 12)), sent.packet.dstEid],
        });
        if (receipt.blockNumber + confirmations > (await source.getBlockNumber()) + 1n) return;
        const outcome = await this.verify(sent, dvns[sent.destination], confirmations);
        if (settledOutcomes.has(outcome)) {
          this.ctx.store.settle(event.id, outcome);
          if (outcome === 'done') verified += 1;
        }
      });
    }
    steps.finish();
    return verified;
  }

  /** The DVN contract on each chain that lists this worker's key as a signer. */
  private async ownDvns(): Promise<Record<ChainName, OwnDvn>> {
    if (this.dvns) return this.dvns;
    const found = {} as Record<ChainName, OwnDvn>;
    for (const chain of chainNames) {
      const client = this.clients[chain].public;
      for (const name of dvnNames) {
        const address = this.manifest.chains[chain].contracts[name];
        if (!(await client.readContract({ address, abi: dvnAbi, functionName: 'isSigner', args: [this.account.address] }))) continue;
        found[chain] = { address, vid: await client.readContract({ address, abi: dvnAbi, functionName: 'vid' }) };
      }
      if (!found[chain]) throw new Error(`${this.account.address} signs for none of ${chain}'s DVNs (${dvnNames.join(', ')})`);
    }
    this.dvns = found;
    return found;
  }

  private async verify(sent: SentPacket, dvn: OwnDvn, confirmations: bigint): Promise<string> {
    const destination = this.clients[sent.destination].public;
    const library = this.manifest.chains[sent.destination].contracts.ReceiveUln302;
    const signer = this.signers[sent.destination];
    const id = `dvn-verify:${dvn.address}:${sent.packet.guid}`;
    const result = await runAction(
      this.ctx,
      signer,
      { id, duty: this.name, what: 'verify' },
      async () => {
        if ((await deliveryState(this.manifest, this.clients, sent)) !== 'unverified') return true;
        const [submitted] = await destination.readContract({ address: library, abi: receiveUln302Abi, functionName: 'hashLookup', args: [keccak256(sent.header), sent.payloadHash, dvn.address] });
        return submitted;
      },
      async () => {
        const callData = encodeFunctionData({ abi: receiveUln302Abi, functionName: 'verify', args: [sent.header, sent.payloadHash, confirmations] });
        const { timestamp } = await destination.getBlock();
        const expiration = timestamp + INSTRUCTION_TTL_SECONDS;
        // DVN.hashCallData, signed as an Ethereum signed message (MultiSig.verifySignatures).
        const hash = keccak256(encodePacked(['uint32', 'address', 'uint256', 'bytes'], [dvn.vid, library, expiration, callData]));
        const signatures = await this.account.signMessage!({ message: { raw: hash } });
        return signer.write(id, this.name, {
          address: dvn.address,
          abi: dvnAbi,
          functionName: 'execute',
          args: [[{ vid: dvn.vid, target: library, callData, expiration, signatures }]],
        });
      },
      // DVN.execute skips an expired instruction silently and reports a refused one in an event,
      // never by reverting: only the receive library's record says the verification landed. (An
      // execute mined after its instruction expired, stuck in a mempool for a day, is signed again.)
      async (receipt) => {
        const refused = parseEventLogs({ abi: dvnAbi, logs: receipt.logs }).find((log) => ['ExecuteFailed', 'VerifySignaturesFailed', 'HashAlreadyUsed'].includes(log.eventName));
        if (refused) return `${dvn.address} refused the verification: ${refused.eventName}`;
        const [submitted] = await destination.readContract({
          address: library,
          abi: receiveUln302Abi,
          functionName: 'hashLookup',
          args: [keccak256(sent.header), sent.payloadHash, dvn.address],
          blockNumber: receipt.blockNumber,
        });
        // Committed in the same block, the library has already dropped the DVNs' records.
        if (submitted || (await deliveryState(this.manifest, this.clients, sent)) !== 'unverified') return undefined;
        return `${dvn.address} executed nothing (the instruction had expired by block ${receipt.blockNumber})`;
      },
    );
    if (result.outcome === 'done') {
      this.ctx.log('info', 'packet verified', { dvn: dvn.address, guid: sent.packet.guid, to: sent.destination, nonce: sent.packet.nonce, tx: result.receipt?.transactionHash });
    }
    return result.outcome;
  }
}
