/** The relayer's Prometheus metrics, one registry per relayer (tests run several in one process). */
import { Counter, Gauge, Registry } from 'prom-client';

const prefix = 'tributary_relayer_';

export class RelayerMetrics {
  readonly registry = new Registry();
  readonly dutyTicks = this.counter('duty_ticks_total', 'Duty ticks run.', ['duty']);
  readonly dutyFailures = this.counter('duty_failures_total', 'Duty ticks that threw.', ['duty']);
  readonly dutyLastSuccess = this.gauge('duty_last_success_timestamp_seconds', 'Unix time of the last tick that finished without error.', ['duty']);
  readonly dutyLastAction = this.gauge('duty_last_action_timestamp_seconds', 'Unix time of the last transaction a duty got mined.', ['duty']);
  readonly actionFailures = this.counter('action_failures_total', 'Actions (one on-chain step) that failed and were scheduled for retry.', ['duty']);
  readonly actionsBackingOff = this.gauge('actions_backing_off', 'Failed actions waiting for their next attempt.', ['duty']);
  readonly loopLastRun = this.gauge('loop_last_run_timestamp_seconds', 'Unix time the duty loop last completed a pass.');
  readonly rateLagSeconds = this.gauge('rate_lag_seconds', 'Seconds since the hub published a report this spoke has not received yet (0: in step).', ['spoke']);
  readonly rateLagBlocks = this.gauge('rate_lag_blocks', 'Hub blocks since the hub published a report this spoke has not received yet (0: in step).', ['spoke']);
  readonly spokeRateAge = this.gauge('spoke_rate_report_age_seconds', 'Wall-clock age of the hub report time the spoke holds.', ['spoke']);
  readonly pendingShares = this.gauge('spoke_pending_shares', 'trETH minted on a spoke since its last batch (in trETH).', ['spoke']);
  readonly pendingAssets = this.gauge('spoke_pending_assets_eth', 'ETH a spoke holds for its next batch.', ['spoke']);
  readonly inTransit = this.gauge('hub_in_transit_eth', 'BackingLedger.totalInTransit: ETH counted on the hub before it lands.');
  readonly unbackedShares = this.gauge('spoke_unbacked_shares', 'Spoke trETH the hub reserve could not back yet (in trETH).', ['spoke']);
  readonly lossGuardPaused = this.gauge('loss_guard_paused', '1 while instant withdrawals are paused by the loss guard (a beacon loss awaits its report).');
  readonly rpcErrors = this.counter('rpc_errors_total', 'RPC requests that failed, by chain and kind (transport: no answer; rpc: an error answer).', ['chain', 'kind']);
  readonly headBlock = this.gauge('chain_head_block', 'Newest block seen per chain.', ['chain']);
  readonly reorgs = this.counter('reorgs_detected_total', 'Reorgs found under a scan cursor.', ['chain']);
  readonly eventsReorged = this.counter('events_reorged_total', 'Events dropped before acting because their log left the chain.', ['chain']);
  readonly txSent = this.counter('tx_sent_total', 'Transactions broadcast (replacements included).', ['duty', 'chain']);
  readonly txReplaced = this.counter('tx_replaced_total', 'Stuck transactions replaced with a higher fee.', ['chain']);
  readonly txGas = this.counter('tx_gas_used_total', 'Gas used by mined relayer transactions.', ['duty', 'chain']);
  readonly txFees = this.counter('tx_fees_eth_total', 'Fees paid by mined relayer transactions, in ETH.', ['duty', 'chain']);

  private counter<L extends string>(name: string, help: string, labelNames: readonly L[] = []) {
    return new Counter<L>({ name: prefix + name, help, labelNames, registers: [this.registry] });
  }

  private gauge<L extends string>(name: string, help: string, labelNames: readonly L[] = []) {
    return new Gauge<L>({ name: prefix + name, help, labelNames, registers: [this.registry] });
  }
}

/** wei (or 18-decimal shares) as a float for a gauge; exact enough for monitoring. */
export function units(value: bigint): number {
  return Number(value) / 1e18;
}
