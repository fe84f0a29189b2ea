/**
 * The devnet bridge's operator: for every batch a spoke's LocalSpokeBridge took, pays the same ETH
 * out of the hub's LocalBridgeHub liquidity into the BackingLedger. It plays the part a canonical
 * bridge's finalization plays on public networks (OP Stack, Arbitrum), so it runs on local chains
 * only. The hub contract refuses a batch delivered twice and this duty reads it first.
 */
import type { LocalAccount } from 'viem';
import { type SpokeName, chains, spokeNames } from '@tributary/config';
import { localBridgeHubAbi, localSpokeBridgeAbi } from '@tributary/contracts';
import { type LogScanner, decodeEventData, eventScanner } from '../scanner.ts';
import { IsolatedSteps, runAction } from '../actions.ts';
import type { Signer } from '../signer.ts';
import { DutyBase, type DutyDeps } from './duty.ts';

export class LocalBridgeDelivery extends DutyBase {
  readonly name = 'local-bridge';
  private readonly scanners: LogScanner[];
  private readonly signer: Signer;

  constructor(deps: DutyDeps, account: LocalAccount) {
    super(deps);
    const { ctx, clients, manifest } = deps;
    this.scanners = spokeNames.map((spoke) => eventScanner(ctx, this.name, clients[spoke], manifest.chains[spoke].contracts.BridgeAdapter, localSpokeBridgeAbi, 'BatchBridged'));
    this.signer = deps.signers.for(clients.hub, account);
  }

  /** Returns how many batches it delivered. */
  async tick(): Promise<number> {
    const steps = new IsolatedSteps(this.ctx, this.name);
    for (const scanner of this.scanners) await steps.run(`scan ${scanner.client.name}`, () => scanner.scan());
    let delivered = 0;
    const hub = this.clients.hub.public;
    const bridge = { address: this.manifest.chains.hub.contracts.LocalBridgeHub, abi: localBridgeHubAbi } as const;
    for (const event of this.ctx.store.openEvents(this.name)) {
      await steps.run(`event ${event.id}`, async () => {
        const scanner = this.scanners.find((candidate) => candidate.client.name === event.chain)!;
        const check = await scanner.recheck(event);
        if (check.status === 'unconfirmed') return;
        const spoke = event.chain as SpokeName;
        const { batchId, amount } = decodeEventData<{ batchId: bigint; amount: bigint }>(event);
        if (check.status === 'reorged') {
          this.ctx.store.settle(event.id, 'reorged');
          this.ctx.metrics.eventsReorged.inc({ chain: spoke });
          this.ctx.log('warn', 'bridged batch left the spoke chain; not paying it out', { spoke, batchId, tx: event.txHash });
          return;
        }
        const srcEid = chains[spoke].eid;
        const id = `bridge:${spoke}:${batchId}`;
        const result = await runAction(
          this.ctx,
          this.signer,
          { id, duty: this.name, what: `deliver ${spoke} batch ${batchId}` },
          () => hub.readContract({ ...bridge, functionName: 'delivered', args: [srcEid, batchId] }),
          () => this.signer.write(id, this.name, { ...bridge, functionName: 'deliver', args: [srcEid, batchId, amount] }),
        );
        if (result.outcome === 'done' || result.outcome === 'already-done' || result.outcome === 'skipped') this.ctx.store.settle(event.id, result.outcome);
        if (result.outcome === 'done') {
          delivered += 1;
          this.ctx.log('info', 'bridge batch delivered', { spoke, batchId, amount, tx: result.receipt?.transactionHash });
        }
      });
    }
    steps.finish();
    return delivered;
  }
}
