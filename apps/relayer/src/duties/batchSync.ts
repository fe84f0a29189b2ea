/**
 * Spoke batches: sends a spoke's pending deposits to the hub once they are big enough or old
 * enough. `SpokePool.sync` carries the accounting over LayerZero and the ETH through the bridge
 * adapter; this duty only decides when, and pays the LayerZero fee.
 */
import type { LocalAccount } from 'viem';
import { type SpokeName, spokeNames } from '@tributary/config';
import { spokePoolAbi } from '@tributary/contracts';
import { units } from '../metrics.ts';
import { IsolatedSteps, runAction } from '../actions.ts';
import type { Signer } from '../signer.ts';
import { DutyBase, type DutyDeps } from './duty.ts';

export interface BatchSyncOptions {
  /** Send as soon as the pending ETH reaches this (wei). */
  minBatchAssets: bigint;
  /** Send any non-empty batch whose first deposit is at least this old (seconds of chain time). */
  maxBatchAgeSeconds: bigint;
}

export class BatchSync extends DutyBase {
  readonly name = 'batch-sync';
  private readonly signers: Record<SpokeName, Signer>;

  constructor(
    deps: DutyDeps,
    account: LocalAccount,
    private readonly options: BatchSyncOptions,
  ) {
    super(deps);
    this.signers = deps.signers.forEach(deps.clients, spokeNames, account);
  }

  /** Returns the spokes it sent a batch from. */
  async tick(): Promise<SpokeName[]> {
    const sent: SpokeName[] = [];
    const steps = new IsolatedSteps(this.ctx, this.name);
    for (const spoke of spokeNames) {
      await steps.run(spoke, async () => {
        if (await this.maybeSync(spoke)) sent.push(spoke);
      });
    }
    steps.finish();
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
    this.ctx.metrics.pendingShares.set({ spoke }, units(shares));
    this.ctx.metrics.pendingAssets.set({ spoke }, units(assets));
    // Chain time at which the batch being filled (the one after the last sent) was first seen
    // non-empty; checkpointed so a restart does not restart the age clock.
    const key = `batch-first-seen:${spoke}`;
    if (shares === 0n) {
      this.ctx.store.delete(key);
      return false;
    }
    const batchId = lastBatchId + 1n;
    const seen = this.ctx.store.get(key)?.split(':');
    const first = seen && seen[0] === batchId.toString() ? BigInt(seen[1]!) : block.timestamp;
    this.ctx.store.set(key, `${batchId}:${first}`);
    const age = block.timestamp - first;
    const bySize = assets >= this.options.minBatchAssets;
    if (!bySize && age < this.options.maxBatchAgeSeconds) return false;

    const signer = this.signers[spoke];
    const id = `batch-sync:${spoke}:${batchId}`;
    const result = await runAction(
      this.ctx,
      signer,
      { id, duty: this.name, what: `sync on ${spoke}` },
      async () => (await client.readContract({ ...pool, functionName: 'lastBatchId' })) >= batchId,
      async () => signer.write(id, this.name, { ...pool, functionName: 'sync', value: await client.readContract({ ...pool, functionName: 'quoteSync' }) }),
    );
    if (result.outcome !== 'done') return false;
    this.ctx.store.delete(key);
    this.ctx.log('info', 'batch sent', { spoke, batchId, assets, shares, trigger: bySize ? 'size' : 'age', ageSeconds: age, tx: result.receipt!.transactionHash, gasUsed: result.receipt!.gasUsed });
    return true;
  }
}
