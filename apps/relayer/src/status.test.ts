import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { RelayerStatus, serveStatus } from './status.ts';

const servers: { close(): void }[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

async function serve(status: RelayerStatus, maxLoopAgeMs: number): Promise<string> {
  const server = await serveStatus(status, 0, maxLoopAgeMs);
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('relayer status server', () => {
  it('reports healthy while the loop turns and 503 once it stalls', async () => {
    const status = new RelayerStatus();
    status.lastLoopAt = Date.now();
    const url = await serve(status, 60_000);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);

    status.lastLoopAt = Date.now() - 120_000;
    const stalled = await fetch(`${url}/healthz`);
    expect(stalled.status).toBe(503);
    expect(await stalled.json()).toMatchObject({ status: 'stalled' });
  });

  it('reports each duty\'s last pass in /healthz, failing until a tick succeeds again', async () => {
    const status = new RelayerStatus();
    status.lastLoopAt = Date.now();
    status.recordTick('lz-executor', true);
    status.recordTick('dvn:0x61097BA76cD906d2ba4FD106E757f7Eb455fc295', false);
    status.recordTick('dvn:0x61097BA76cD906d2ba4FD106E757f7Eb455fc295', false);
    const url = await serve(status, 60_000);
    const body = (await (await fetch(`${url}/healthz`)).json()) as { duties: Record<string, { ok: boolean; consecutiveFailures: number; lastSuccessAt?: string }> };
    expect(body.duties['lz-executor']).toMatchObject({ ok: true, consecutiveFailures: 0 });
    expect(body.duties['dvn:0x61097BA76cD906d2ba4FD106E757f7Eb455fc295']).toMatchObject({ ok: false, consecutiveFailures: 2 });
    expect(body.duties['dvn:0x61097BA76cD906d2ba4FD106E757f7Eb455fc295']!.lastSuccessAt).toBeUndefined();

    status.recordTick('dvn:0x61097BA76cD906d2ba4FD106E757f7Eb455fc295', true);
    const recovered = (await (await fetch(`${url}/healthz`)).json()) as typeof body;
    expect(recovered.duties['dvn:0x61097BA76cD906d2ba4FD106E757f7Eb455fc295']).toMatchObject({ ok: true, consecutiveFailures: 0 });
  });

  it('exposes per-duty counters in Prometheus text format', async () => {
    const status = new RelayerStatus();
    status.recordTick('rate-push', true);
    status.recordTick('rate-push', false);
    status.recordTick('lz-delivery', true);
    const body = await (await fetch(`${await serve(status, 60_000)}/metrics`)).text();
    expect(body).toContain('tributary_relayer_duty_ticks_total{duty="rate-push"} 2');
    expect(body).toContain('tributary_relayer_duty_failures_total{duty="rate-push"} 1');
    expect(body).toContain('tributary_relayer_duty_failures_total{duty="lz-delivery"} 0');
    expect(body).toMatch(/tributary_relayer_duty_last_success_timestamp_seconds\{duty="lz-delivery"\} \d+/);
  });

  it('answers 404 for unknown paths', async () => {
    expect((await fetch(`${await serve(new RelayerStatus(), 60_000)}/nope`)).status).toBe(404);
  });
});
