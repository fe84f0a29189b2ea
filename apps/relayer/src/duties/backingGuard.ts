/**
 * Keeps every spoke's supply backed: covers a spoke's unbacked shares from the ledger's reserve as
 * soon as it holds any, and when a spoke's unbacked supply stays over the ledger's threshold,
 * sends the HALT that stops the spoke minting. Both calls are permissionless on chain; this duty
 * only makes sure someone makes them. It also reports the ledger's in-transit ETH.
 */
import type { LocalAccount } from 'viem';
import { type SpokeName, chains, spokeNames } from '@tributary/config';
import { backingLedgerAbi, spokePoolAbi } from '@tributary/contracts';
import { units } from '../metrics.ts';
import { IsolatedSteps, runAction } from '../actions.ts';
import type { Signer } from '../signer.ts';
import { DutyBase, type DutyDeps } from './duty.ts';

export class BackingGuard extends DutyBase {
  readonly name = 'backing-guard';
  private readonly signer: Signer;

  constructor(deps: DutyDeps, account: LocalAccount) {
    super(deps);
    this.signer = deps.signers.for(deps.clients.hub, account);
  }

  /** Returns the spokes it acted on. */
  async tick(): Promise<SpokeName[]> {
    const hub = this.clients.hub.public;
    const ledger = { address: this.manifest.chains.hub.contracts.BackingLedger, abi: backingLedgerAbi } as const;
    const [threshold, reserve, inTransit] = await Promise.all([
      hub.readContract({ ...ledger, functionName: 'unbackedThreshold' }),
      hub.readContract({ ...ledger, functionName: 'reserveShares' }),
      hub.readContract({ ...ledger, functionName: 'totalInTransit' }),
    ]);
    this.ctx.metrics.inTransit.set(units(inTransit));
    const acted: SpokeName[] = [];
    const steps = new IsolatedSteps(this.ctx, this.name);
    for (const spoke of spokeNames) {
      await steps.run(spoke, async () => {
        const eid = chains[spoke].eid;
        const unbacked = async () => (await hub.readContract({ ...ledger, functionName: 'spoke', args: [eid] })).unbackedShares;
        let unbackedShares = await unbacked();
        this.ctx.metrics.unbackedShares.set({ spoke }, units(unbackedShares));
        if (unbackedShares === 0n) return;
        // The reserve covers any of it, and later reports pay owed late debt: the ledger says which
        // by whether the call would succeed.
        const coverable = await hub
          .simulateContract({ ...ledger, functionName: 'coverUnbacked', args: [eid], account: this.signer.account })
          .then(() => true, () => false);
        if (coverable) {
          const id = `cover:${spoke}:${unbackedShares}:${reserve}`;
          const before = unbackedShares;
          const result = await runAction(
            this.ctx,
            this.signer,
            { id, duty: this.name, what: `coverUnbacked(${eid})` },
            async () => (await unbacked()) < before,
            () => this.signer.write(id, this.name, { ...ledger, functionName: 'coverUnbacked', args: [eid] }),
          );
          unbackedShares = await unbacked();
          if (result.outcome === 'done') {
            this.ctx.log('info', 'unbacked spoke supply covered', { spoke, unbackedShares });
            acted.push(spoke);
          }
        }
        if (unbackedShares <= threshold) return;
        const pool = { address: this.manifest.chains[spoke].contracts.SpokePool, abi: spokePoolAbi } as const;
        const paused = () => this.clients[spoke].public.readContract({ ...pool, functionName: 'paused' });
        if (await paused()) return;
        const id = `halt:${spoke}:${unbackedShares}`;
        const result = await runAction(
          this.ctx,
          this.signer,
          { id, duty: this.name, what: `haltSpoke(${eid})` },
          paused,
          async () =>
            this.signer.write(id, this.name, { ...ledger, functionName: 'haltSpoke', args: [eid], value: await hub.readContract({ ...ledger, functionName: 'quoteHalt', args: [eid] }) }),
        );
        if (result.outcome !== 'done') return;
        this.ctx.log('warn', 'spoke halted: unbacked supply over the threshold', { spoke, unbackedShares, threshold });
        if (!acted.includes(spoke)) acted.push(spoke);
      });
    }
    steps.finish();
    return acted;
  }
}
