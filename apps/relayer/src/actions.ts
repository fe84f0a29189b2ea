/**
 * The action runner: one idempotent, checkpointed on-chain step at a time (skip when done, back
 * off after a failure, resume what a restart left in flight), and the helpers duties share to
 * report failures without stopping their other steps.
 */
import { ContractRevertError, TributaryError, decodeTributaryError } from '@tributary/sdk';
import { BaseError, ContractFunctionRevertedError, type TransactionReceipt } from 'viem';
import type { Context, Signer, TxOptions } from './signer.ts';

export class TxRevertedError extends Error {
  override name = 'TxRevertedError';
  constructor(
    readonly receipt: TransactionReceipt,
    what: string,
  ) {
    super(`${what} reverted in ${receipt.transactionHash}`);
  }
}

export type ActionOutcome = 'done' | 'already-done' | 'skipped' | 'backoff' | 'failed';

export function backoffMs(failures: number, options: Pick<TxOptions, 'retryBaseMs' | 'retryMaxMs'>): number {
  const delay = options.retryBaseMs * 2 ** Math.max(0, failures - 1);
  return delay > options.retryMaxMs ? options.retryMaxMs : delay;
}

/**
 * Runs one idempotent on-chain step. Skips it when checkpointed as done, waits out its backoff
 * after a failure, resumes a transaction sent before a restart, and asks the chain whether it is
 * already done before sending anything. A failure is recorded with its next attempt time and
 * reported, never thrown: one stuck action does not hold up the others.
 *
 * `withoutEffect`, for a call that can succeed and do nothing (a DVN skips an expired instruction),
 * says why a mined transaction did not do the step; such a transaction does not complete it, and
 * the step is sent again.
 */
export async function runAction(
  ctx: Context,
  signer: Signer,
  action: { id: string; duty: string; what: string },
  alreadyDone: () => Promise<boolean>,
  send: () => Promise<TransactionReceipt>,
  withoutEffect: (receipt: TransactionReceipt) => Promise<string | undefined> = async () => undefined,
): Promise<{ outcome: ActionOutcome; receipt?: TransactionReceipt }> {
  const { store, metrics, log } = ctx;
  const row = store.action(action.id);
  if (row?.status === 'done') return { outcome: 'skipped' };
  if (row?.status === 'failed' && row.nextAttemptAt > Date.now()) return { outcome: 'backoff' };
  try {
    // Whatever was sent for this action before (a crash, a stuck or reverted attempt) is settled
    // first: a second transaction for the same step could otherwise land after the first.
    if (row) {
      const receipt = await signer.resume(action.id, action.duty);
      if (receipt?.status === 'success') {
        const why = await withoutEffect(receipt);
        if (why === undefined) return finish(receipt);
        log('warn', 'a transaction sent before was mined without effect; sending the step again', { duty: action.duty, action: action.id, why, tx: receipt.transactionHash });
      }
    }
    if (await alreadyDone()) {
      store.setAction(action.id, action.duty, 'done');
      log('info', 'already done on chain; not sending', { duty: action.duty, action: action.id });
      return { outcome: 'already-done' };
    }
    store.setAction(action.id, action.duty, 'sent');
    const receipt = await send();
    if (receipt.status !== 'success') throw new TxRevertedError(receipt, action.what);
    const why = await withoutEffect(receipt);
    if (why !== undefined) throw new Error(`${action.what} was mined in ${receipt.transactionHash} without effect: ${why}`);
    return finish(receipt);
  } catch (error) {
    const message = errorMessage(error);
    const failures = (row?.status === 'failed' ? row.failures : 0) + 1;
    const delay = backoffMs(failures, ctx.tx);
    store.failAction(action.id, action.duty, message, Date.now() + delay);
    metrics.actionFailures.inc({ duty: action.duty });
    log('warn', 'action failed; retrying after backoff', { duty: action.duty, action: action.id, failures, retryInMs: delay, error: message });
    return { outcome: 'failed' };
  }

  function finish(receipt: TransactionReceipt) {
    store.setAction(action.id, action.duty, 'done');
    metrics.dutyLastAction.set({ duty: action.duty }, Date.now() / 1000);
    return { outcome: 'done' as const, receipt };
  }
}

/**
 * A short message. A revert of any Tributary contract is read by the SDK's decoder (its name and a
 * sentence); any other contract's (LayerZero's) by the ABI the call used.
 */
export function errorMessage(error: unknown): string {
  const decoded = decodeTributaryError(error, 'chain');
  if (decoded instanceof TributaryError) {
    const name = decoded instanceof ContractRevertError ? decoded.errorName : decoded.name;
    return `${error instanceof BaseError ? error.shortMessage : 'reverted'} ${name}: ${decoded.message}`;
  }
  if (error instanceof BaseError) {
    const revert = error.walk((cause) => cause instanceof ContractFunctionRevertedError);
    if (revert instanceof ContractFunctionRevertedError && revert.data?.errorName) {
      return `${error.shortMessage} ${revert.data.errorName}(${(revert.data.args ?? []).map(String).join(', ')})`;
    }
    return error.shortMessage;
  }
  if (error instanceof Error) return error.message;
  return String(error);
}

/**
 * Runs a duty's steps (one per chain or per event) so that one failing step, such as a chain whose
 * RPC is down, is logged and skipped while the others go on; `finish` then fails the tick if any did.
 */
export class IsolatedSteps {
  private readonly errors: string[] = [];

  constructor(
    private readonly ctx: Context,
    private readonly duty: string,
  ) {}

  async run(step: string, work: () => Promise<unknown>): Promise<void> {
    try {
      await work();
    } catch (error) {
      this.errors.push(`${step}: ${errorMessage(error)}`);
      this.ctx.log('warn', 'step failed; the other steps go on', { duty: this.duty, step, error: errorMessage(error) });
    }
  }

  finish(): void {
    if (this.errors.length > 0) throw new Error(`${this.errors.length} step(s) failed: ${this.errors.join('; ')}`);
  }
}
