/**
 * Read-only: measures how far each spoke's rate is behind the hub. The lag runs from the moment
 * this relayer first saw the hub's newest report (wall clock and hub block, checkpointed so a
 * restart does not reset it) until the spoke holds that report.
 */
import { type SpokeName, spokeNames } from '@tributary/config';
import { rateReceiverAbi, trETHAbi } from '@tributary/contracts';
import { IsolatedSteps } from '../actions.ts';
import { DutyBase } from './duty.ts';

export interface RateLag {
  seconds: number;
  blocks: number;
}

export class RateMonitor extends DutyBase {
  readonly name = 'rate-monitor';
  /** The report time each spoke held when last read. */
  private readonly lastRead = new Map<SpokeName, bigint>();


  async tick(): Promise<Record<SpokeName, RateLag>> {
    const hub = this.clients.hub.public;
    const [reportTime, head] = await Promise.all([
      hub.readContract({ address: this.manifest.chains.hub.contracts.TrETH, abi: trETHAbi, functionName: 'lastReportTime' }),
      hub.getBlockNumber(),
    ]);
    const stored = this.ctx.store.get('rate-monitor:hub-report');
    let seen = stored ? (JSON.parse(stored) as { reportTime: string; block: string; at: number }) : undefined;
    if (seen?.reportTime !== reportTime.toString()) {
      seen = { reportTime: reportTime.toString(), block: head.toString(), at: Date.now() };
      this.ctx.store.set('rate-monitor:hub-report', JSON.stringify(seen));
    }
    const lags = {} as Record<SpokeName, RateLag>;
    const steps = new IsolatedSteps(this.ctx, this.name);
    for (const spoke of spokeNames) {
      await steps.run(spoke, async () => {
        // An unreachable spoke cannot receive either: its lag keeps growing from what was last read.
        let updatedAt: bigint;
        let unreachable: unknown;
        try {
          [, updatedAt] = await this.clients[spoke].public.readContract({ address: this.manifest.chains[spoke].contracts.RateReceiver, abi: rateReceiverAbi, functionName: 'rateAndUpdatedAt' });
          this.lastRead.set(spoke, updatedAt);
        } catch (error) {
          const last = this.lastRead.get(spoke);
          if (last === undefined) throw error;
          updatedAt = last;
          unreachable = error;
        }
        const behind = updatedAt < reportTime;
        const lag = behind ? { seconds: (Date.now() - seen.at) / 1000, blocks: Number(head - BigInt(seen.block)) } : { seconds: 0, blocks: 0 };
        this.ctx.metrics.rateLagSeconds.set({ spoke }, lag.seconds);
        this.ctx.metrics.rateLagBlocks.set({ spoke }, lag.blocks);
        this.ctx.metrics.spokeRateAge.set({ spoke }, updatedAt === 0n ? 0 : Date.now() / 1000 - Number(updatedAt));
        lags[spoke] = lag;
        if (unreachable) throw unreachable;
      });
    }
    steps.finish();
    return lags;
  }
}
