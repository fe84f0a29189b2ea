/**
 * Spoke batches: sends a spoke's pending deposits to the hub once they are big enough or old
 * enough. `SpokePool.sync` carries the accounting over LayerZero and the ETH through the bridge
 * adapter; this duty only decides when, and pays the LayerZero fee.
 */
import type { Account } from 'viem';
import { type SpokeName, spokeNames } from '@tributary/config';
import { type Manifest, spokePoolAbi } from '@tributary/contracts';
import { type ChainClient, type Wallet, walletFor } from '../chains.ts';
import type { Logger } from '../log.ts';

export interface BatchSyncOptions {
  /** Send as soon as the pending ETH reaches this (wei). */
  minBatchAssets: bigint;
  /** Send any non-empty batch whose first deposit is at least this old (seconds of chain time). */
  maxBatchAgeSeconds: bigint;
}

export class BatchSync {
  readonly name = 'batch-sync';
  private readonly wallets: Record<SpokeName, Wallet>;
  /** Chain time at which the current (unsent) batch was first seen non-empty, per spoke. */
  private readonly firstSeen = new Map<SpokeName, { batchId: bigint; at: bigint }>();

  constructor(
    private readonly manifest: Manifest,
    private readonly clients: Record<'hub' | SpokeName, ChainClient>,
    account: Account,
    private readonly options: BatchSyncOptions,
    private readonly log: Logger,
  ) {
    this.wallets = Object.fromEntries(spokeNames.map((name) => [name, walletFor(clients[name], account)])) as Record<SpokeName, Wallet>;
  }

  /** Returns the spokes it sent a batch from. */
  async tick(): Promise<SpokeName[]> {
    const sent: SpokeName[] = [];
    for (const spoke of spokeNames) {
      if (await this.maybeSync(spoke)) sent.push(spoke);
    }
    return sent;
  }

  private async maybeSync(spoke: SpokeName): Promise<boolean> {
    const client = this.clients[spoke].public;
    const pool = { address: this.manifest.chains[spoke].contracts.SpokePool, abi: spokePoolAbi } as const;
    const [[shares, assets], lastBatchId, block] = await Promise.all([
      client.readContract({ ...pool, functionName: 'pending' }),
      client.readContract({ ...pool, functionName: 'lastBatchId' }),
      client.getBlock(),
    ]);
    if (shares === 0n) {
      this.firstSeen.delete(spoke);
      return false;
    }
    // The batch being filled is the one after the last sent; a new id restarts its clock.
    const seen = this.firstSeen.get(spoke);
    const first = seen && seen.batchId === lastBatchId + 1n ? seen.at : block.timestamp;
    this.firstSeen.set(spoke, { batchId: lastBatchId + 1n, at: first });
    const age = block.timestamp - first;
    const bySize = assets >= this.options.minBatchAssets;
    if (!bySize && age < this.options.maxBatchAgeSeconds) return false;

    const fee = await client.readContract({ ...pool, functionName: 'quoteSync' });
    const wallet = this.wallets[spoke];
    const { request } = await client.simulateContract({ ...pool, account: wallet.account, functionName: 'sync', value: fee });
    const hash = await wallet.writeContract(request);
    const receipt = await client.waitForTransactionReceipt({ hash });
    if (receipt.status !== 'success') throw new Error(`sync on ${spoke} reverted in ${hash}`);
    this.firstSeen.delete(spoke);
    this.log('info', 'batch sent', { spoke, batchId: lastBatchId + 1n, assets, shares, trigger: bySize ? 'size' : 'age', ageSeconds: age, tx: hash, gasUsed: receipt.gasUsed });
    return true;
  }
}
