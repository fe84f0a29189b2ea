/**
 * Keeps every spoke's RateReceiver in step with the hub: broadcasts whenever the hub has a report
 * newer than the one the spoke holds, again if that broadcast has not landed after
 * `resendAfterMs`, and (when `heartbeatSeconds` > 0) to a spoke that has not been pushed to for
 * that long. Each broadcast is a checkpointed action, so a restart never repeats one that went out.
 */
import { type LocalAccount, parseEventLogs } from 'viem';
import { type SpokeName, chains, spokeNames } from '@tributary/config';
import { rateBroadcasterAbi, rateReceiverAbi, trETHAbi } from '@tributary/contracts';
import { IsolatedSteps, runAction } from '../actions.ts';
import type { Signer } from '../signer.ts';
import { DutyBase, type DutyDeps } from './duty.ts';

export interface RatePushOptions {
  /** Push again if a sent update has not landed after this long. */
  resendAfterMs: number;
  /** Push to a spoke not pushed to for this long even when nothing changed (0: never). */
  heartbeatSeconds: number;
}

/** The latest push to a spoke, checkpointed. */
interface Flight {
  reportTime: string;
  attempt: number;
}

export class RatePush extends DutyBase {
  readonly name = 'rate-push';
  private readonly signer: Signer;

  constructor(
    deps: DutyDeps,
    account: LocalAccount,
    private readonly options: RatePushOptions,
  ) {
    super(deps);
    this.signer = deps.signers.for(deps.clients.hub, account);
  }

  /** Returns the spokes it pushed to. */
  async tick(): Promise<SpokeName[]> {
    const hub = this.manifest.chains.hub.contracts;
    const hubClient = this.clients.hub.public;
    const reportTime = await hubClient.readContract({ address: hub.TrETH, abi: trETHAbi, functionName: 'lastReportTime' });
    const pushed: SpokeName[] = [];
    const steps = new IsolatedSteps(this.ctx, this.name);
    for (const spoke of spokeNames) {
      await steps.run(spoke, async () => {
        const receiver = { address: this.manifest.chains[spoke].contracts.RateReceiver, abi: rateReceiverAbi } as const;
        const [, updatedAt] = await this.clients[spoke].public.readContract({ ...receiver, functionName: 'rateAndUpdatedAt' });
        const key = `rate-push:${spoke}`;
        const stored = this.ctx.store.get(key);
        const flight: Flight = stored ? (JSON.parse(stored) as Flight) : { reportTime: '0', attempt: 0 };
        const last = this.ctx.store.action(actionId(spoke, flight));
        const sinceLastMs = last?.status === 'done' ? Date.now() - last.updatedAt : Number.POSITIVE_INFINITY;

        let next: Flight | undefined;
        if (updatedAt < reportTime) {
          // Behind: push this report, once, and again only if it has not landed after resendAfterMs.
          if (flight.reportTime !== reportTime.toString()) next = { reportTime: reportTime.toString(), attempt: 0 };
          else if (last?.status !== 'done' || sinceLastMs >= this.options.resendAfterMs) next = last?.status === 'done' ? { ...flight, attempt: flight.attempt + 1 } : flight;
        } else if (this.options.heartbeatSeconds > 0 && sinceLastMs >= this.options.heartbeatSeconds * 1000 && (await this.stale(spoke))) {
          next = { reportTime: reportTime.toString(), attempt: flight.reportTime === reportTime.toString() ? flight.attempt + 1 : 0 };
        }
        if (!next) return;
        this.ctx.store.set(key, JSON.stringify(next));
        const id = actionId(spoke, next);
        const result = await runAction(
          this.ctx,
          this.signer,
          { id, duty: this.name, what: `broadcast to ${spoke}` },
          async () => false,
          () => this.broadcast(id, spoke),
        );
        if (result.outcome !== 'done') return;
        const [event] = parseEventLogs({ abi: rateBroadcasterAbi, eventName: 'RateBroadcast', logs: result.receipt!.logs });
        this.ctx.log('info', 'rate pushed', { spoke, reportTime, spokeReportTime: updatedAt, sequence: event?.args.sequence, attempt: next.attempt, tx: result.receipt!.transactionHash });
        pushed.push(spoke);
      });
    }
    steps.finish();
    return pushed;
  }

  /** Heartbeat only while the report the spoke holds is older than the heartbeat (wall clock: an idle chain's clock stands still). */
  private async stale(spoke: SpokeName): Promise<boolean> {
    const lastUpdated = await this.clients[spoke].public.readContract({ address: this.manifest.chains[spoke].contracts.RateReceiver, abi: rateReceiverAbi, functionName: 'lastUpdated' });
    return BigInt(Math.floor(Date.now() / 1000)) - lastUpdated >= BigInt(this.options.heartbeatSeconds);
  }

  private async broadcast(id: string, spoke: SpokeName) {
    const broadcaster = { address: this.manifest.chains.hub.contracts.RateBroadcaster, abi: rateBroadcasterAbi } as const;
    const eid = chains[spoke].eid;
    const fee = await this.clients.hub.public.readContract({ ...broadcaster, functionName: 'quoteBroadcast', args: [eid] });
    return this.signer.write(id, this.name, { ...broadcaster, functionName: 'broadcast', args: [eid], value: fee.nativeFee });
  }
}

function actionId(spoke: SpokeName, flight: Flight): string {
  return `rate-push:${spoke}:${flight.reportTime}:${flight.attempt}`;
}
