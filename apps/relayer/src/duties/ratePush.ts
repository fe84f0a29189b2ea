/**
 * Keeps every spoke's RateReceiver in step with the hub: broadcasts whenever the hub has a report
 * newer than the one the spoke holds. Only reports move the rate (deposits move it by rounding
 * dust), and a spoke grows its rate only with newer report time (it clamps the rest), so resending
 * an old report, on a timer or because the rates differ, would only buy fees.
 */
import { type Account, parseEventLogs } from 'viem';
import { type SpokeName, chains, spokeNames } from '@tributary/config';
import { type Manifest, rateBroadcasterAbi, rateReceiverAbi, trETHAbi } from '@tributary/contracts';
import { type ChainClient, type Wallet, walletFor } from '../chains.ts';
import type { Logger } from '../log.ts';

export interface RatePushOptions {
  /** Push again if a sent update has not landed after this long. */
  resendAfterMs: number;
}

interface InFlight {
  sequence: bigint;
  sentAt: number;
}

export class RatePush {
  readonly name = 'rate-push';
  private readonly wallet: Wallet;
  private readonly inFlight = new Map<SpokeName, InFlight>();

  constructor(
    private readonly manifest: Manifest,
    private readonly clients: Record<'hub' | SpokeName, ChainClient>,
    account: Account,
    private readonly options: RatePushOptions,
    private readonly log: Logger,
  ) {
    this.wallet = walletFor(clients.hub, account);
  }

  /** Returns the spokes it pushed to. */
  async tick(): Promise<SpokeName[]> {
    const hub = this.manifest.chains.hub.contracts;
    const hubClient = this.clients.hub.public;
    const reportTime = await hubClient.readContract({ address: hub.TrETH, abi: trETHAbi, functionName: 'lastReportTime' });
    const pushed: SpokeName[] = [];
    for (const spoke of spokeNames) {
      const receiver = { address: this.manifest.chains[spoke].contracts.RateReceiver, abi: rateReceiverAbi } as const;
      const spokeClient = this.clients[spoke].public;
      const [[, updatedAt], sequence] = await Promise.all([
        spokeClient.readContract({ ...receiver, functionName: 'rateAndUpdatedAt' }),
        spokeClient.readContract({ ...receiver, functionName: 'sequence' }),
      ]);
      const flight = this.inFlight.get(spoke);
      if (flight && sequence >= flight.sequence) this.inFlight.delete(spoke);
      else if (flight && Date.now() - flight.sentAt < this.options.resendAfterMs) continue;

      if (updatedAt >= reportTime) continue;
      const sent = await this.broadcast(spoke);
      this.inFlight.set(spoke, { sequence: sent, sentAt: Date.now() });
      this.log('info', 'rate pushed', { spoke, reportTime, spokeReportTime: updatedAt, sequence: sent });
      pushed.push(spoke);
    }
    return pushed;
  }

  private async broadcast(spoke: SpokeName): Promise<bigint> {
    const broadcaster = { address: this.manifest.chains.hub.contracts.RateBroadcaster, abi: rateBroadcasterAbi } as const;
    const client = this.clients.hub.public;
    const eid = chains[spoke].eid;
    const fee = await client.readContract({ ...broadcaster, functionName: 'quoteBroadcast', args: [eid] });
    const { request } = await client.simulateContract({ ...broadcaster, account: this.wallet.account, functionName: 'broadcast', args: [eid], value: fee.nativeFee });
    const hash = await this.wallet.writeContract(request);
    const receipt = await client.waitForTransactionReceipt({ hash });
    if (receipt.status !== 'success') throw new Error(`broadcast to ${spoke} reverted in ${hash}`);
    const [event] = parseEventLogs({ abi: rateBroadcasterAbi, eventName: 'RateBroadcast', logs: receipt.logs });
    if (!event) throw new Error(`broadcast ${hash} emitted no RateBroadcast`);
    return event.args.sequence;
  }
}
