/**
 * Scans one chain for one duty's logs up to `head - confirmations`, checkpointing the cursor and
 * the events found in one SQLite transaction. The cursor keeps the hash of the last block scanned:
 * when that block's hash changes the chain reorganized under it, and the cursor steps back
 * `reorgWindowBlocks` to pick up whatever the new branch holds. Before a duty acts on an event it
 * asks `recheck`, which looks the transaction up again: a log that left the chain is not acted on.
 */
import { type Abi, type AbiEvent, type Hex, type Log, decodeEventLog, getAbiItem } from 'viem';
import type { ChainClient } from './chains.ts';
import type { Context } from './signer.ts';
import type { StoredEvent } from './store.ts';

export type Recheck = { status: 'ok'; log: Log } | { status: 'reorged' } | { status: 'unconfirmed' };

export class LogScanner {
  readonly scope: string;

  constructor(
    private readonly ctx: Context,
    readonly duty: string,
    readonly client: ChainClient,
    /** The contract whose logs are scanned. */
    readonly address: Hex,
    private readonly fetchLogs: (fromBlock: bigint, toBlock: bigint) => Promise<Log[]>,
    /** What a duty needs from a log, stored as JSON; throws for a log of another event. */
    private readonly encode: (log: Log) => unknown,
  ) {
    this.scope = `${duty}:${client.name}`;
  }

  /** Scans the next range; returns how many events it recorded. */
  async scan(): Promise<number> {
    const client = this.client.public;
    const head = await client.getBlockNumber();
    this.ctx.metrics.headBlock.set({ chain: this.client.name }, Number(head));
    const safe = head - BigInt(this.client.confirmations);
    let cursor = this.ctx.store.cursor(this.scope) ?? { next: 0n, lastHash: null };
    if (cursor.lastHash && cursor.next > 0n) {
      const last = await client.getBlock({ blockNumber: cursor.next - 1n }).catch(() => undefined);
      if (last?.hash !== cursor.lastHash) {
        const back = cursor.next > BigInt(this.client.reorgWindowBlocks) ? cursor.next - BigInt(this.client.reorgWindowBlocks) : 0n;
        this.ctx.metrics.reorgs.inc({ chain: this.client.name });
        this.ctx.log('warn', 'reorg under the scan cursor; rescanning', { duty: this.duty, chain: this.client.name, from: back, was: cursor.next });
        cursor = { next: back, lastHash: null };
      }
    }
    if (cursor.next > safe) {
      if (cursor.lastHash === null && cursor.next > 0n) this.ctx.store.advance(this.scope, cursor, []);
      return 0;
    }
    const maxTo = cursor.next + BigInt(this.client.maxLogRange) - 1n;
    const to = safe < maxTo ? safe : maxTo;
    const logs = await this.fetchLogs(cursor.next, to);
    const toBlock = await client.getBlock({ blockNumber: to });
    const events: StoredEvent[] = logs.map((log) => ({
      // Scoped by duty: several duties may act on one log (each DVN and the executor on a packet).
      id: `${this.duty}:${this.client.name}:${log.transactionHash}:${log.logIndex}`,
      duty: this.duty,
      chain: this.client.name,
      blockNumber: log.blockNumber!,
      blockHash: log.blockHash!,
      txHash: log.transactionHash!,
      logIndex: log.logIndex!,
      data: serialize(this.encode(log)),
    }));
    this.ctx.store.advance(this.scope, { next: to + 1n, lastHash: toBlock.hash }, events);
    return events.length;
  }

  /**
   * Is the event still on the chain, buried deep enough? Looks its transaction up again; when the
   * transaction moved to another block the log is read from the new receipt.
   */
  async recheck(event: StoredEvent): Promise<Recheck> {
    const client = this.client.public;
    const receipt = await client.getTransactionReceipt({ hash: event.txHash }).catch((error: Error) => {
      if (error.name === 'TransactionReceiptNotFoundError') return undefined;
      throw error;
    });
    if (!receipt) return { status: 'reorged' };
    const head = await client.getBlockNumber();
    if (receipt.blockNumber + BigInt(this.client.confirmations) > head) return { status: 'unconfirmed' };
    // Matched by content, not log index: a transaction re-mined in another block has new indexes.
    const log = (receipt.logs as Log[]).find((candidate) => candidate.address.toLowerCase() === this.address.toLowerCase() && this.sameData(candidate, event));
    return log ? { status: 'ok', log } : { status: 'reorged' };
  }

  private sameData(log: Log, event: StoredEvent): boolean {
    try {
      return serialize(this.encode(log)) === event.data;
    } catch {
      return false;
    }
  }
}

function serialize(value: unknown): string {
  return JSON.stringify(value, (_key, item) => (typeof item === 'bigint' ? `${item}n` : item));
}

/** Reads back what `encode` stored (bigints included). */
export function decodeEventData<T>(event: StoredEvent): T {
  return JSON.parse(event.data, (_key, value) => (typeof value === 'string' && /^\d+n$/.test(value) ? BigInt(value.slice(0, -1)) : value)) as T;
}

/** A scanner for one event of one contract; stores the event's decoded arguments. */
export function eventScanner(ctx: Context, duty: string, client: ChainClient, address: Hex, abi: Abi, eventName: string): LogScanner {
  const event = getAbiItem({ abi, name: eventName }) as AbiEvent;
  return new LogScanner(
    ctx,
    duty,
    client,
    address,
    (fromBlock, toBlock) => client.public.getLogs({ address, event, fromBlock, toBlock }) as Promise<Log[]>,
    (log) => decodeEventLog({ abi: [event], eventName, data: log.data, topics: log.topics, strict: true }).args,
  );
}
