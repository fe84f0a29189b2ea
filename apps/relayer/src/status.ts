import { type Server, createServer } from 'node:http';

/** What the loop has done, per duty: the source of /healthz and /metrics. */
export class RelayerStatus {
  readonly startedAt = Date.now();
  lastLoopAt = 0;
  readonly ticks = new Map<string, number>();
  readonly failures = new Map<string, number>();
  readonly lastSuccessAt = new Map<string, number>();

  recordTick(duty: string, ok: boolean) {
    const now = Date.now();
    this.ticks.set(duty, (this.ticks.get(duty) ?? 0) + 1);
    if (ok) this.lastSuccessAt.set(duty, now);
    else this.failures.set(duty, (this.failures.get(duty) ?? 0) + 1);
  }

  /** Healthy while the loop keeps turning. */
  healthy(maxLoopAgeMs: number): boolean {
    return Date.now() - (this.lastLoopAt || this.startedAt) <= maxLoopAgeMs;
  }

  prometheus(): string {
    const lines = [
      '# HELP tributary_relayer_duty_ticks_total Duty ticks run.',
      '# TYPE tributary_relayer_duty_ticks_total counter',
      ...[...this.ticks].map(([duty, n]) => `tributary_relayer_duty_ticks_total{duty="${duty}"} ${n}`),
      '# HELP tributary_relayer_duty_failures_total Duty ticks that failed.',
      '# TYPE tributary_relayer_duty_failures_total counter',
      ...[...this.ticks.keys()].map((duty) => `tributary_relayer_duty_failures_total{duty="${duty}"} ${this.failures.get(duty) ?? 0}`),
      '# HELP tributary_relayer_duty_last_success_seconds Unix time of the last successful tick.',
      '# TYPE tributary_relayer_duty_last_success_seconds gauge',
      ...[...this.lastSuccessAt].map(([duty, at]) => `tributary_relayer_duty_last_success_seconds{duty="${duty}"} ${Math.floor(at / 1000)}`),
    ];
    return `${lines.join('\n')}\n`;
  }
}

export function serveStatus(status: RelayerStatus, port: number, maxLoopAgeMs: number): Promise<Server> {
  const server = createServer((request, response) => {
    if (request.url === '/healthz') {
      const healthy = status.healthy(maxLoopAgeMs);
      response.writeHead(healthy ? 200 : 503, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ status: healthy ? 'ok' : 'stalled', lastLoopAt: new Date(status.lastLoopAt).toISOString() }));
    } else if (request.url === '/metrics') {
      response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
      response.end(status.prometheus());
    } else {
      response.writeHead(404).end();
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}
