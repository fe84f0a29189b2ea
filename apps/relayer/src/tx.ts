/**
 * One writer per signer and chain. Sends are serialized per signer up to the broadcast (so
 * concurrent sends get consecutive nonces) and then wait in parallel; the local nonce is checked
 * against the node's to catch transactions a reorg dropped. Every transaction is signed and checkpointed before it is
 * broadcast, and a transaction left unmined past `stuckAfterMs` is replaced at the same nonce with
 * a higher fee. After a restart the checkpointed bytes are broadcast again: same hash, so a
 * transaction can never run twice.
 */
import {
  BaseError,
  ContractFunctionRevertedError,
  type Abi,
  type ContractFunctionArgs,
  type ContractFunctionName,
  type Hex,
  type LocalAccount,
  type TransactionReceipt,
  encodeFunctionData,
  keccak256,
  parseTransaction,
} from 'viem';
import type { ChainClient } from './chains.ts';
import type { Logger } from './log.ts';
import type { RelayerMetrics } from './metrics.ts';
import type { CheckpointStore, TxRow } from './store.ts';

export interface TxOptions {
  stuckAfterMs: number;
  feeBumpPercent: number;
  maxReplacements: number;
  retryBaseMs: number;
  retryMaxMs: number;
}

export const defaultTxOptions: TxOptions = { stuckAfterMs: 15_000, feeBumpPercent: 25, maxReplacements: 5, retryBaseMs: 1_000, retryMaxMs: 60_000 };

export class TxRevertedError extends Error {
  override name = 'TxRevertedError';
  constructor(
    readonly receipt: TransactionReceipt,
    what: string,
  ) {
    super(`${what} reverted in ${receipt.transactionHash}`);
  }
}

export class TxStuckError extends Error {
  override name = 'TxStuckError';
}

/** The nonce was used by a transaction this relayer did not checkpoint (another process on the key). */
export class NonceTakenError extends Error {
  override name = 'NonceTakenError';
}

export interface TxRequest {
  to: Hex;
  data: Hex;
  value?: bigint;
  gas?: bigint;
}

export interface Context {
  store: CheckpointStore;
  metrics: RelayerMetrics;
  log: Logger;
  tx: TxOptions;
}

function isAlreadyKnown(error: unknown): boolean {
  return /already known|already imported|known transaction|nonce too low/i.test(String((error as Error)?.message ?? error));
}

export class Signer {
  private nextNonce: number | undefined;
  private lock: Promise<unknown> = Promise.resolve();
  private recovered = false;

  constructor(
    readonly client: ChainClient,
    readonly account: LocalAccount,
    private readonly ctx: Context,
  ) {}

  get address(): Hex {
    return this.account.address;
  }

  /** Simulates a contract call (revert reasons surface here, before any fee is spent), then sends it. */
  async write<const abi extends Abi, name extends ContractFunctionName<abi, 'nonpayable' | 'payable'>>(
    actionId: string,
    duty: string,
    call: {
      address: Hex;
      abi: abi;
      functionName: name;
      args?: ContractFunctionArgs<abi, 'nonpayable' | 'payable', name>;
      value?: bigint;
      gas?: bigint;
    },
  ): Promise<TransactionReceipt> {
    const client = this.client.public;
    // viem's generic contract types do not narrow through this wrapper; the ABI checks happen at the call sites.
    const untyped = call as unknown as { address: Hex; abi: Abi; functionName: string; args?: readonly unknown[]; value?: bigint; gas?: bigint };
    await client.simulateContract({ ...untyped, account: this.account } as never);
    const data = encodeFunctionData({ abi: untyped.abi, functionName: untyped.functionName, args: untyped.args ?? [] } as never);
    const gas = call.gas ?? ((await client.estimateGas({ account: this.account, to: call.address, data, value: call.value ?? 0n })) * 12n) / 10n;
    return this.send(actionId, duty, { to: call.address, data, value: call.value ?? 0n, gas });
  }

  /** Signs, checkpoints, broadcasts and waits for one transaction, replacing it while stuck. */
  async send(actionId: string, duty: string, request: TxRequest): Promise<TransactionReceipt> {
    await this.recover();
    const row = await this.exclusive(async () => {
      // The node's pending count is the truth once a broadcast has returned; a local nonce ahead of
      // it means the node forgot transactions (a reorg or a pool eviction), which would leave a gap.
      const pending = await this.client.public.getTransactionCount({ address: this.address, blockTag: 'pending' });
      if (this.nextNonce !== undefined && this.nextNonce > pending) {
        this.ctx.log('warn', 'node lost transactions of this signer; reusing its nonce', { chain: this.client.name, signer: this.address, local: this.nextNonce, node: pending });
      }
      const nonce = pending;
      const fees = await this.client.public.estimateFeesPerGas();
      const signed = await this.sign(actionId, nonce, request, fees.maxFeePerGas, fees.maxPriorityFeePerGas);
      this.ctx.store.recordTx(signed);
      try {
        await this.broadcast(signed);
      } catch (error) {
        // Nothing left the machine (or the node refused it): forget the nonce and let the next send re-read it.
        this.ctx.store.markNonceMined(signed.chain, signed.signer, nonce);
        this.nextNonce = undefined;
        throw error;
      }
      this.ctx.metrics.txSent.inc({ duty, chain: this.client.name });
      this.nextNonce = nonce + 1;
      return signed;
    });
    return this.waitMined(duty, [row], request);
  }

  /**
   * Waits for whatever was sent for `actionId` before a restart. Undefined when nothing was sent,
   * or when what was sent can no longer be mined (its nonce went to another transaction).
   */
  async resume(actionId: string, duty: string): Promise<TransactionReceipt | undefined> {
    await this.recover();
    const rows = this.ctx.store.txsOfAction(actionId).filter((row) => row.chain === this.client.name && row.signer === this.address);
    if (rows.length === 0) return undefined;
    const receipt = await this.findReceipt(rows);
    if (receipt) return receipt;
    const latest = await this.client.public.getTransactionCount({ address: this.address, blockTag: 'latest' });
    if (latest > rows[0]!.nonce) return undefined;
    // The checkpointed bytes hold the call, so a transaction still stuck after a restart can be replaced too.
    const last = parseTransaction(rows.at(-1)!.raw);
    return this.waitMined(duty, rows, { to: last.to!, data: last.data ?? '0x', value: last.value ?? 0n, gas: last.gas! });
  }

  /** Once per process: settles checkpointed nonces already mined, re-broadcasts the rest as signed. */
  private async recover(): Promise<void> {
    if (this.recovered) return;
    await this.exclusive(async () => {
      if (this.recovered) return;
      const open = this.ctx.store.openTxs(this.client.name, this.address);
      if (open.length > 0) {
        const latest = await this.client.public.getTransactionCount({ address: this.address, blockTag: 'latest' });
        for (const row of open) {
          if (row.nonce < latest) this.ctx.store.markNonceMined(row.chain, row.signer, row.nonce);
          else await this.broadcast(row).catch((error) => this.ctx.log('warn', 're-broadcast after restart failed', { tx: row.hash, error: String(error) }));
        }
      }
      this.recovered = true;
    });
  }

  private async sign(actionId: string, nonce: number, request: TxRequest, maxFeePerGas: bigint, maxPriorityFeePerGas: bigint): Promise<TxRow> {
    if (request.gas === undefined) throw new Error('a transaction needs a gas limit');
    const raw = await this.account.signTransaction({
      chainId: this.client.chain.id,
      type: 'eip1559',
      nonce,
      to: request.to,
      data: request.data,
      value: request.value ?? 0n,
      gas: request.gas,
      maxFeePerGas,
      maxPriorityFeePerGas,
    });
    return { hash: keccak256(raw), actionId, chain: this.client.name, signer: this.address, nonce, raw, maxFeePerGas, sentAt: Date.now() };
  }

  private async broadcast(row: TxRow): Promise<void> {
    try {
      await this.client.public.sendRawTransaction({ serializedTransaction: row.raw });
    } catch (error) {
      if (!isAlreadyKnown(error)) throw error;
    }
  }

  private async findReceipt(rows: readonly TxRow[]): Promise<TransactionReceipt | undefined> {
    for (const row of rows) {
      const receipt = await this.client.public.getTransactionReceipt({ hash: row.hash }).catch(() => undefined);
      if (receipt) {
        this.ctx.store.markNonceMined(row.chain, row.signer, row.nonce);
        return receipt;
      }
    }
    return undefined;
  }

  /** Polls for a receipt of any transaction sent at this nonce; replaces the newest while stuck. */
  private async waitMined(duty: string, sent: TxRow[], request: TxRequest): Promise<TransactionReceipt> {
    const rows = [...sent];
    const nonce = rows[0]!.nonce;
    let replacements = 0;
    for (;;) {
      const receipt = await this.findReceipt(rows);
      if (receipt) {
        const gasUsed = receipt.gasUsed;
        this.ctx.metrics.txGas.inc({ duty, chain: this.client.name }, Number(gasUsed));
        this.ctx.metrics.txFees.inc({ duty, chain: this.client.name }, Number(gasUsed * receipt.effectiveGasPrice) / 1e18);
        return receipt;
      }
      const latest = await this.client.public.getTransactionCount({ address: this.address, blockTag: 'latest' });
      if (latest > nonce) {
        // Mined between the two reads, or taken by a transaction we never signed.
        const late = await this.findReceipt(rows);
        if (late) continue;
        this.ctx.store.markNonceMined(this.client.name, this.address, nonce);
        throw new NonceTakenError(`nonce ${nonce} of ${this.address} on ${this.client.name} was used by another transaction`);
      }
      const newest = rows.at(-1)!;
      if (Date.now() - newest.sentAt >= this.ctx.tx.stuckAfterMs) {
        if (replacements >= this.ctx.tx.maxReplacements) {
          // Rebroadcast as is (nodes drop transactions from their pool) and let the action back off;
          // its next attempt resumes this nonce rather than sending another.
          await this.broadcast(newest);
          throw new TxStuckError(`transaction at nonce ${nonce} on ${this.client.name} still unmined after ${replacements} replacements`);
        }
        rows.push(await this.replace(duty, newest, request));
        replacements += 1;
        continue;
      }
      await new Promise((resolve) => setTimeout(resolve, this.client.pollIntervalMs));
    }
  }

  private async replace(duty: string, stuck: TxRow, request: TxRequest): Promise<TxRow> {
    const bump = (fee: bigint) => (fee * BigInt(100 + this.ctx.tx.feeBumpPercent) + 99n) / 100n;
    const fees = await this.client.public.estimateFeesPerGas();
    const stuckTx = await this.client.public.getTransaction({ hash: stuck.hash }).catch(() => undefined);
    const oldPriority = stuckTx?.maxPriorityFeePerGas ?? fees.maxPriorityFeePerGas;
    const maxFee = bump(stuck.maxFeePerGas) > fees.maxFeePerGas ? bump(stuck.maxFeePerGas) : fees.maxFeePerGas;
    const priority = bump(oldPriority) > fees.maxPriorityFeePerGas ? bump(oldPriority) : fees.maxPriorityFeePerGas;
    const row = await this.sign(stuck.actionId, stuck.nonce, request, maxFee, priority < maxFee ? priority : maxFee);
    this.ctx.store.recordTx(row);
    await this.broadcast(row);
    this.ctx.metrics.txSent.inc({ duty, chain: this.client.name });
    this.ctx.metrics.txReplaced.inc({ chain: this.client.name });
    this.ctx.log('warn', 'stuck transaction replaced with a higher fee', { chain: this.client.name, nonce: stuck.nonce, stuck: stuck.hash, replacement: row.hash, maxFeePerGas: maxFee });
    return row;
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.lock.then(work, work);
    this.lock = run.catch(() => undefined);
    return run;
  }
}

/** One signer per chain and key, shared by every duty that signs with it. */
export class Signers {
  private readonly byKey = new Map<string, Signer>();

  constructor(private readonly ctx: Context) {}

  for(client: ChainClient, account: LocalAccount): Signer {
    const key = `${client.name}:${account.address}`;
    let signer = this.byKey.get(key);
    if (!signer) {
      signer = new Signer(client, account, this.ctx);
      this.byKey.set(key, signer);
    }
    return signer;
  }

  /** The key's signer on each of `chains`. */
  forEach<Name extends string>(clients: Record<Name, ChainClient>, chains: readonly Name[], account: LocalAccount): Record<Name, Signer> {
    return Object.fromEntries(chains.map((name) => [name, this.for(clients[name], account)])) as Record<Name, Signer>;
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

/** A short message; a contract revert carries its custom error's name and arguments. */
export function errorMessage(error: unknown): string {
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
