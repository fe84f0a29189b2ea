/**
 * One writer per signer and chain. Sends are serialized per signer up to the broadcast (so
 * concurrent sends get consecutive nonces) and then wait in parallel; the local nonce is checked
 * against the node's to catch transactions a reorg dropped. Every transaction is signed and checkpointed before it is
 * broadcast, and a transaction left unmined past `stuckAfterMs` is replaced at the same nonce with
 * a higher fee. After a restart the checkpointed bytes are broadcast again: same hash, so a
 * transaction can never run twice.
 */
import {
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
      await new Promise((resolve) => setTimeout(resolve, this.client.rpcPollingIntervalMs));
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
