/**
 * The devnet bridge's operator: for every batch a spoke's LocalSpokeBridge took, pays the same ETH
 * out of the hub's LocalBridgeHub liquidity into the BackingLedger. It plays the part a canonical
 * bridge's finalization plays on public networks (OP Stack, Arbitrum), so it runs on local chains
 * only. The hub contract refuses a batch delivered twice and this duty reads it first.
 */
import type { Account } from 'viem';
import { type SpokeName, chains, spokeNames } from '@tributary/config';
import { type Manifest, localBridgeHubAbi, localSpokeBridgeAbi } from '@tributary/contracts';
import { type ChainClient, type Wallet, walletFor } from '../chains.ts';
import type { Logger } from '../log.ts';

interface Bridged {
  spoke: SpokeName;
  batchId: bigint;
  amount: bigint;
}

export class LocalBridgeDelivery {
  readonly name = 'local-bridge';
  private readonly wallet: Wallet;
  /** Next block to scan, per spoke. */
  private readonly cursors = new Map<SpokeName, bigint>();
  private pending: Bridged[] = [];

  constructor(
    private readonly manifest: Manifest,
    private readonly clients: Record<'hub' | SpokeName, ChainClient>,
    account: Account,
    private readonly log: Logger,
  ) {
    this.wallet = walletFor(clients.hub, account);
  }

  /** Returns how many batches it delivered. */
  async tick(): Promise<number> {
    for (const spoke of spokeNames) this.pending.push(...(await this.scan(spoke)));
    let delivered = 0;
    const stillPending: Bridged[] = [];
    for (const batch of this.pending) {
      try {
        if (await this.deliver(batch)) delivered += 1;
      } catch (error) {
        this.log('warn', 'bridge delivery failed; will retry', { spoke: batch.spoke, batchId: batch.batchId, error: (error as Error).message });
        stillPending.push(batch);
      }
    }
    this.pending = stillPending;
    return delivered;
  }

  private async scan(spoke: SpokeName): Promise<Bridged[]> {
    const client = this.clients[spoke].public;
    const head = await client.getBlockNumber();
    const from = this.cursors.get(spoke) ?? 0n;
    if (from > head) return [];
    const logs = await client.getContractEvents({
      address: this.manifest.chains[spoke].contracts.BridgeAdapter,
      abi: localSpokeBridgeAbi,
      eventName: 'BatchBridged',
      fromBlock: from,
      toBlock: head,
    });
    this.cursors.set(spoke, head + 1n);
    return logs.map((log) => ({ spoke, batchId: log.args.batchId as bigint, amount: log.args.amount as bigint }));
  }

  /** False when the batch was already delivered (by an earlier run or another operator). */
  private async deliver({ spoke, batchId, amount }: Bridged): Promise<boolean> {
    const hub = this.clients.hub.public;
    const bridge = { address: this.manifest.chains.hub.contracts.LocalBridgeHub, abi: localBridgeHubAbi } as const;
    const srcEid = chains[spoke].eid;
    if (await hub.readContract({ ...bridge, functionName: 'delivered', args: [srcEid, batchId] })) return false;
    const { request } = await hub.simulateContract({ ...bridge, account: this.wallet.account, functionName: 'deliver', args: [srcEid, batchId, amount] });
    const hash = await this.wallet.writeContract(request);
    const receipt = await hub.waitForTransactionReceipt({ hash });
    if (receipt.status !== 'success') throw new Error(`deliver ${spoke} batch ${batchId} reverted in ${hash}`);
    this.log('info', 'bridge batch delivered', { spoke, batchId, amount, tx: hash });
    return true;
  }
}
