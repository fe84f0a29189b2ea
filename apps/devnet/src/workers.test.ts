import { describe, expect, it } from 'vitest';
import { devnetAccounts, devnetDvnSigners } from '@tributary/config';
import { formatWorkerHealth, lzWorkerHealth } from './workers.ts';

const dvn1 = `dvn:${devnetAccounts[devnetDvnSigners[0]].address}`;
const dvn2 = `dvn:${devnetAccounts[devnetDvnSigners[1]].address}`;

describe('lzWorkerHealth', () => {
  it('names both DVN workers and the executor, and says which is ok, failing or not running', () => {
    const now = Date.parse('2026-12-06T03:00:00.000Z');
    const health = lzWorkerHealth(
      {
        [dvn1]: { ok: true, lastTickAt: '2026-12-06T02:59:59.900Z', consecutiveFailures: 0 },
        'lz-executor': { ok: false, lastTickAt: '2026-12-06T02:59:59.500Z', consecutiveFailures: 3 },
        'rate-push': { ok: true, lastTickAt: '2026-12-06T02:59:59.900Z', consecutiveFailures: 0 },
      },
      now,
    );
    expect(health.map((entry) => [entry.worker.split(' ')[0], entry.state])).toEqual([
      ['DVN1', 'ok'],
      ['DVN2', 'not running'],
      ['Executor', 'failing'],
    ]);
    const signer = devnetAccounts[devnetDvnSigners[0]].address.slice(0, 10);
    expect(formatWorkerHealth(health[0]!)).toMatch(new RegExp(`^DVN1 worker \\(signer ${signer}…\\)\\s+ok, last pass 100 ms ago$`));
    expect(health[2]!.detail).toContain('failing 3 pass(es) in a row');
    expect(lzWorkerHealth({ [dvn2]: { ok: true, lastTickAt: new Date(now).toISOString(), consecutiveFailures: 0 } }, now)[1]!.state).toBe('ok');
  });
});
