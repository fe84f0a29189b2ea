/**
 * Checkpoints in embedded SQLite: scan cursors, events seen but not yet settled, and every
 * transaction the relayer signed (hash, nonce, raw bytes) before it is broadcast. After a crash the
 * relayer resumes from here: a signed transaction is re-broadcast byte for byte (same hash, so it
 * can never run twice), and an action already done is found on chain, not sent again.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Hex } from 'viem';

export interface Cursor {
  /** Next block to scan. */
  next: bigint;
  /** Hash of block `next - 1` when it was scanned: a different hash later means a reorg. */
  lastHash: Hex | null;
}

export interface StoredEvent {
  id: string;
  duty: string;
  chain: string;
  blockNumber: bigint;
  blockHash: Hex;
  txHash: Hex;
  logIndex: number;
  data: string;
}

export type ActionStatus = 'sent' | 'done' | 'failed';

export interface ActionRow {
  id: string;
  duty: string;
  status: ActionStatus;
  failures: number;
  nextAttemptAt: number;
  lastError: string | null;
  updatedAt: number;
}

export interface TxRow {
  hash: Hex;
  actionId: string;
  chain: string;
  signer: string;
  nonce: number;
  raw: Hex;
  maxFeePerGas: bigint;
  sentAt: number;
}

interface TxDbRow {
  hash: string;
  action_id: string;
  chain: string;
  signer: string;
  nonce: number;
  raw: string;
  max_fee: string;
  sent_at: number;
}

function txFromRow(row: TxDbRow): TxRow {
  return {
    hash: row.hash as Hex,
    actionId: row.action_id,
    chain: row.chain,
    signer: row.signer,
    nonce: row.nonce,
    raw: row.raw as Hex,
    maxFeePerGas: BigInt(row.max_fee),
    sentAt: row.sent_at,
  };
}

export class CheckpointStore {
  private readonly db: Database.Database;

  constructor(path: string) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    // WAL: a crash never leaves a half-written checkpoint; NORMAL sync is durable across process crashes.
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS cursors (scope TEXT PRIMARY KEY, next TEXT NOT NULL, last_hash TEXT);
      CREATE TABLE IF NOT EXISTS events (
        id TEXT PRIMARY KEY, duty TEXT NOT NULL, chain TEXT NOT NULL, block_number TEXT NOT NULL, block_hash TEXT NOT NULL,
        tx_hash TEXT NOT NULL, log_index INTEGER NOT NULL, data TEXT NOT NULL, settled INTEGER NOT NULL DEFAULT 0, outcome TEXT);
      CREATE INDEX IF NOT EXISTS events_open ON events (duty, settled);
      CREATE TABLE IF NOT EXISTS actions (
        id TEXT PRIMARY KEY, duty TEXT NOT NULL, status TEXT NOT NULL, failures INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER NOT NULL DEFAULT 0, last_error TEXT, updated_at INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS txs (
        hash TEXT PRIMARY KEY, action_id TEXT NOT NULL, chain TEXT NOT NULL, signer TEXT NOT NULL, nonce INTEGER NOT NULL,
        raw TEXT NOT NULL, max_fee TEXT NOT NULL, sent_at INTEGER NOT NULL, mined INTEGER NOT NULL DEFAULT 0);
      CREATE INDEX IF NOT EXISTS txs_open ON txs (chain, signer, mined);
      CREATE TABLE IF NOT EXISTS kv (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    `);
  }

  close(): void {
    this.db.close();
  }

  cursor(scope: string): Cursor | undefined {
    const row = this.db.prepare('SELECT next, last_hash FROM cursors WHERE scope = ?').get(scope) as { next: string; last_hash: string | null } | undefined;
    return row && { next: BigInt(row.next), lastHash: row.last_hash as Hex | null };
  }

  /** Moves a cursor and records the events found below it in one transaction. */
  advance(scope: string, cursor: Cursor, events: readonly StoredEvent[]): void {
    const insert = this.db.prepare(
      `INSERT INTO events (id, duty, chain, block_number, block_hash, tx_hash, log_index, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET block_number = excluded.block_number, block_hash = excluded.block_hash, data = excluded.data,
         settled = 0, outcome = NULL
       WHERE settled = 0 OR outcome = 'reorged'`,
    );
    this.db.transaction(() => {
      for (const event of events) {
        insert.run(event.id, event.duty, event.chain, event.blockNumber.toString(), event.blockHash, event.txHash, event.logIndex, event.data);
      }
      this.db
        .prepare('INSERT INTO cursors (scope, next, last_hash) VALUES (?, ?, ?) ON CONFLICT (scope) DO UPDATE SET next = excluded.next, last_hash = excluded.last_hash')
        .run(scope, cursor.next.toString(), cursor.lastHash);
    })();
  }

  /** Events of a duty not settled yet, oldest first. */
  openEvents(duty: string): StoredEvent[] {
    const rows = this.db
      .prepare('SELECT * FROM events WHERE duty = ? AND settled = 0 ORDER BY chain, CAST(block_number AS INTEGER), log_index')
      .all(duty) as { id: string; duty: string; chain: string; block_number: string; block_hash: string; tx_hash: string; log_index: number; data: string }[];
    return rows.map((row) => ({
      id: row.id,
      duty: row.duty,
      chain: row.chain,
      blockNumber: BigInt(row.block_number),
      blockHash: row.block_hash as Hex,
      txHash: row.tx_hash as Hex,
      logIndex: row.log_index,
      data: row.data,
    }));
  }

  /** Marks an event handled: `done`, `already-done` (found on chain) or `reorged` (its log vanished). */
  settle(id: string, outcome: string): void {
    this.db.prepare('UPDATE events SET settled = 1, outcome = ? WHERE id = ?').run(outcome, id);
  }

  /** How many events of a duty ended each way (open ones under "open"). */
  outcomes(duty: string): Record<string, number> {
    const rows = this.db.prepare("SELECT COALESCE(outcome, 'open') AS outcome, COUNT(*) AS n FROM events WHERE duty = ? GROUP BY 1").all(duty) as { outcome: string; n: number }[];
    return Object.fromEntries(rows.map((row) => [row.outcome, row.n]));
  }

  action(id: string): ActionRow | undefined {
    const row = this.db.prepare('SELECT * FROM actions WHERE id = ?').get(id) as
      | { id: string; duty: string; status: ActionStatus; failures: number; next_attempt_at: number; last_error: string | null; updated_at: number }
      | undefined;
    return (
      row && {
        id: row.id,
        duty: row.duty,
        status: row.status,
        failures: row.failures,
        nextAttemptAt: row.next_attempt_at,
        lastError: row.last_error,
        updatedAt: row.updated_at,
      }
    );
  }

  setAction(id: string, duty: string, status: ActionStatus): void {
    this.db
      .prepare(
        `INSERT INTO actions (id, duty, status, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at`,
      )
      .run(id, duty, status, Date.now());
  }

  /** Records a failure and when to try again. */
  failAction(id: string, duty: string, error: string, nextAttemptAt: number): number {
    this.db
      .prepare(
        `INSERT INTO actions (id, duty, status, failures, next_attempt_at, last_error, updated_at) VALUES (?, ?, 'failed', 1, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET status = 'failed', failures = failures + 1, next_attempt_at = excluded.next_attempt_at,
         last_error = excluded.last_error, updated_at = excluded.updated_at`,
      )
      .run(id, duty, nextAttemptAt, error, Date.now());
    return this.action(id)?.failures ?? 1;
  }

  /** Actions waiting out a backoff, per duty. */
  backingOff(now = Date.now()): Map<string, number> {
    const rows = this.db.prepare("SELECT duty, COUNT(*) AS n FROM actions WHERE status = 'failed' AND next_attempt_at > ? GROUP BY duty").all(now) as { duty: string; n: number }[];
    return new Map(rows.map((row) => [row.duty, row.n]));
  }

  recordTx(tx: TxRow): void {
    this.db
      .prepare('INSERT OR REPLACE INTO txs (hash, action_id, chain, signer, nonce, raw, max_fee, sent_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(tx.hash, tx.actionId, tx.chain, tx.signer, tx.nonce, tx.raw, tx.maxFeePerGas.toString(), tx.sentAt);
  }

  /** Transactions of a signer on a chain whose nonce has not been seen mined, oldest nonce first. */
  openTxs(chain: string, signer: string): TxRow[] {
    return (this.db.prepare('SELECT * FROM txs WHERE chain = ? AND signer = ? AND mined = 0 ORDER BY nonce, sent_at').all(chain, signer) as TxDbRow[]).map(txFromRow);
  }

  txsOfAction(actionId: string): TxRow[] {
    return (this.db.prepare('SELECT * FROM txs WHERE action_id = ? ORDER BY sent_at').all(actionId) as TxDbRow[]).map(txFromRow);
  }

  /** Every transaction with this nonce is settled: one of them was mined. */
  markNonceMined(chain: string, signer: string, nonce: number): void {
    this.db.prepare('UPDATE txs SET mined = 1 WHERE chain = ? AND signer = ? AND nonce = ?').run(chain, signer, nonce);
  }

  get(key: string): string | undefined {
    return (this.db.prepare('SELECT value FROM kv WHERE key = ?').get(key) as { value: string } | undefined)?.value;
  }

  set(key: string, value: string): void {
    this.db.prepare('INSERT INTO kv (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
  }

  delete(key: string): void {
    this.db.prepare('DELETE FROM kv WHERE key = ?').run(key);
  }
}
