/**
 * Releases trETH credits the OFTs parked over their inbound limit, once each source's window has
 * room: `releaseParked` is permissionless, and this duty makes sure someone calls it, oldest first
 * per source (the contract refuses any other order). It leaves everything parked while the
 * guardian has paused releases: that pause is the last stop before a forged credit is paid.
 */
import type { LocalAccount } from 'viem';
import { type ChainName, chainNames, chains } from '@tributary/config';
import { type Manifest, trETHOFTAbi } from '@tributary/contracts';
import { IsolatedSteps, runAction } from '../actions.ts';
import type { Signer } from '../signer.ts';
import { DutyBase, type DutyDeps } from './duty.ts';

/** The OFT trETH arrives through on `chain`: the lockbox on the hub, the token on a spoke. */
function inboundOft(manifest: Manifest, chain: ChainName) {
  return chain === 'hub' ? manifest.chains.hub.contracts.TrETHAdapter : manifest.chains[chain].contracts.TrETH;
}

export class ParkedRelease extends DutyBase {
  readonly name = 'parked-release';
  private readonly signers: Record<ChainName, Signer>;

  constructor(deps: DutyDeps, account: LocalAccount) {
    super(deps);
    this.signers = deps.signers.forEach(deps.clients, chainNames, account);
  }

  /** Returns how many credits it released. */
  async tick(): Promise<number> {
    let released = 0;
    const steps = new IsolatedSteps(this.ctx, this.name);
    for (const chain of chainNames) {
      await steps.run(chain, async () => {
        released += await this.releaseOn(chain);
      });
    }
    steps.finish();
    return released;
  }

  private async releaseOn(chain: ChainName): Promise<number> {
    const client = this.clients[chain].public;
    const oft = { address: inboundOft(this.manifest, chain), abi: trETHOFTAbi } as const;
    if (await client.readContract({ ...oft, functionName: 'releasesPaused' })) return 0;
    let released = 0;
    let now: bigint | undefined;
    for (const source of chainNames.filter((name) => name !== chain)) {
      // One release per source per pass: each uses up window the next one may need.
      const guid = await client.readContract({ ...oft, functionName: 'nextParked', args: [chains[source].eid] });
      if (/^0x0+$/.test(guid)) continue;
      const [releasableAt, credit] = await Promise.all([
        client.readContract({ ...oft, functionName: 'releasableAt', args: [guid] }),
        client.readContract({ ...oft, functionName: 'parkedCredit', args: [guid] }),
      ]);
      now ??= (await client.getBlock()).timestamp;
      if (releasableAt > now) continue;
      // A credit over the limit goes in installments: each is its own action, keyed by what was paid before it.
      const id = `parked-release:${chain}:${guid}:${credit.paidSD}`;
      const result = await runAction(
        this.ctx,
        this.signers[chain],
        { id, duty: this.name, what: `releaseParked(${guid}) on ${chain}` },
        async () => {
          const latest = await client.readContract({ ...oft, functionName: 'parkedCredit', args: [guid] });
          return latest.status !== credit.status || latest.paidSD !== credit.paidSD;
        },
        () => this.signers[chain].write(id, this.name, { ...oft, functionName: 'releaseParked', args: [guid] }),
      );
      if (result.outcome !== 'done') continue;
      released++;
      this.ctx.log('info', 'parked credit released', { chain, from: source, guid, tx: result.receipt!.transactionHash });
    }
    return released;
  }
}
