import { type Server, createServer } from 'node:http';
import type { ChainName } from '@tributary/config';
import type { ChainClient } from './chains.ts';
import { RelayerMetrics } from './metrics.ts';

export interface ChainReadiness {
  ok: boolean;
  head?: string;
  error?: string;
}

/** One duty's last pass, as /healthz reports it. */
export interface DutyHealth {
  /** The last tick finished without error. */
  ok: boolean;
  lastTickAt: string;
  lastSuccessAt?: string;
  /** Ticks that threw since the last one that did not. */
  consecutiveFailures: number;
}

/** What the loop has done, per duty: the source of /healthz, /readyz and /metrics. */
export class RelayerStatus {
  readonly startedAt = Date.now();
  lastLoopAt = 0;
  private readonly duties = new Map<string, { lastTickAt: number; lastSuccessAt?: number; consecutiveFailures: number }>();

  constructor(
    readonly metrics: RelayerMetrics = new RelayerMetrics(),
    private readonly clients?: Partial<Record<ChainName, ChainClient>>,
  ) {}

  recordTick(duty: string, ok: boolean) {
    const now = Date.now();
    const previous = this.duties.get(duty);
    this.duties.set(duty, {
      lastTickAt: now,
      lastSuccessAt: ok ? now : previous?.lastSuccessAt,
      consecutiveFailures: ok ? 0 : (previous?.consecutiveFailures ?? 0) + 1,
    });
    this.metrics.dutyTicks.inc({ duty });
    if (ok) this.metrics.dutyLastSuccess.set({ duty }, Date.now() / 1000);
    this.metrics.dutyFailures.inc({ duty }, ok ? 0 : 1);
  }

  recordLoop() {
    this.lastLoopAt = Date.now();
    this.metrics.loopLastRun.set(this.lastLoopAt / 1000);
  }

  /** Every duty's last pass (a DVN worker is `dvn:<its signer>`, the executor `lz-executor`). */
  dutyHealth(): Record<string, DutyHealth> {
    const iso = (at: number | undefined) => (at === undefined ? undefined : new Date(at).toISOString());
    return Object.fromEntries(
      [...this.duties].map(([duty, entry]) => [
        duty,
        { ok: entry.consecutiveFailures === 0, lastTickAt: iso(entry.lastTickAt)!, lastSuccessAt: iso(entry.lastSuccessAt), consecutiveFailures: entry.consecutiveFailures },
      ]),
    );
  }

  /** Healthy while the loop keeps turning. */
  healthy(maxLoopAgeMs: number): boolean {
    return Date.now() - (this.lastLoopAt || this.startedAt) <= maxLoopAgeMs;
  }

  /** Ready when every chain answers within `timeoutMs` and none reports it is still syncing. */
  async readiness(timeoutMs = 2_000): Promise<Record<string, ChainReadiness>> {
    const entries = Object.entries(this.clients ?? {}) as [ChainName, ChainClient][];
    const probes = entries.map(async ([name, client]): Promise<[string, ChainReadiness]> => {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      });
      try {
        const [head, syncing] = await Promise.race([Promise.all([client.public.getBlockNumber(), (client.public.request as (args: { method: string }) => Promise<unknown>)({ method: 'eth_syncing' })]), timeout]);
        return [name, syncing === false ? { ok: true, head: head.toString() } : { ok: false, head: head.toString(), error: 'node is syncing' }];
      } catch (error) {
        return [name, { ok: false, error: (error as { shortMessage?: string }).shortMessage ?? (error as Error).message }];
      } finally {
        clearTimeout(timer);
      }
    });
    return Object.fromEntries(await Promise.all(probes));
  }
}

export function serveStatus(status: RelayerStatus, port: number, maxLoopAgeMs: number): Promise<Server> {
  const server = createServer((request, response) => {
    const json = (code: number, body: unknown) => {
      response.writeHead(code, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    if (request.url === '/healthz') {
      const healthy = status.healthy(maxLoopAgeMs);
      json(healthy ? 200 : 503, { status: healthy ? 'ok' : 'stalled', lastLoopAt: new Date(status.lastLoopAt).toISOString(), duties: status.dutyHealth() });
    } else if (request.url === '/readyz') {
      void status.readiness().then((chains) => {
        const ready = status.healthy(maxLoopAgeMs) && Object.values(chains).every((chain) => chain.ok);
        json(ready ? 200 : 503, { status: ready ? 'ready' : 'not ready', loop: status.healthy(maxLoopAgeMs) ? 'ok' : 'stalled', chains });
      });
    } else if (request.url === '/metrics') {
      void status.metrics.registry.metrics().then((body) => {
        response.writeHead(200, { 'content-type': status.metrics.registry.contentType });
        response.end(body);
      });
    } else {
      response.writeHead(404).end();
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}
