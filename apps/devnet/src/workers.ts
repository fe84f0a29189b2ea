/**
 * The devnet relayer's LayerZero workers (two DVNs and the executor), as its /healthz reports
 * them: what `pnpm dev` prints once they run and again whenever one stops or recovers.
 */
import { devnetAccounts, devnetDvnSigners } from '@tributary/config';
import { dvnNames } from '@tributary/contracts';

/** A duty's entry in the relayer's /healthz `duties`. */
export interface DutyReport {
  ok: boolean;
  lastTickAt: string;
  consecutiveFailures: number;
}

export interface WorkerHealth {
  worker: string;
  state: 'ok' | 'failing' | 'not running';
  detail: string;
}

/** The relayer's duty names: a DVN worker is named for its signer. */
const workers = [
  ...devnetDvnSigners.map((index, position) => ({
    duty: `dvn:${devnetAccounts[index].address}`,
    worker: `${dvnNames[position]} worker (signer ${devnetAccounts[index].address.slice(0, 10)}…)`,
  })),
  { duty: 'lz-executor', worker: 'Executor worker' },
];

export function lzWorkerHealth(duties: Readonly<Record<string, DutyReport>>, now = Date.now()): WorkerHealth[] {
  return workers.map(({ duty, worker }) => {
    const report = duties[duty];
    if (!report) return { worker, state: 'not running', detail: 'not running (no pass reported)' };
    const ago = `last pass ${Math.max(0, now - Date.parse(report.lastTickAt))} ms ago`;
    return report.ok
      ? { worker, state: 'ok', detail: `ok, ${ago}` }
      : { worker, state: 'failing', detail: `failing ${report.consecutiveFailures} pass(es) in a row, ${ago} (see the relayer log)` };
  });
}

/** Reads the workers' health from a relayer status server; undefined while it does not answer. */
export async function readLzWorkerHealth(statusUrl: string): Promise<WorkerHealth[] | undefined> {
  const response = await fetch(`${statusUrl}/healthz`).catch(() => undefined);
  if (!response) return undefined;
  const body = (await response.json().catch(() => undefined)) as { duties?: Record<string, DutyReport> } | undefined;
  return body?.duties ? lzWorkerHealth(body.duties) : undefined;
}

export function formatWorkerHealth(health: WorkerHealth): string {
  return `${health.worker.padEnd(38)} ${health.detail}`;
}
