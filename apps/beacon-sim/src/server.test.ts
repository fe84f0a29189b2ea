import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BeaconModel, GWEI } from './model.ts';
import { serveBeaconApi } from './server.ts';

const credentials = `0x01${'00'.repeat(11)}${'ab'.repeat(20)}` as const;
const pubkeys = [`0x${'11'.repeat(48)}`, `0x${'22'.repeat(48)}`, `0x${'33'.repeat(48)}`] as const;
const frontRunner = `0x01${'00'.repeat(11)}${'cd'.repeat(20)}` as const;
let clock = 1_000 + 12 * 100;
let server: Server;
let base: string;
const model = new BeaconModel({ genesisTime: 1_000, secondsPerSlot: 12, slotsPerEpoch: 4, aprBps: 500, activationDelaySlots: 1 });

beforeAll(async () => {
  model.addDeposit({ pubkey: pubkeys[0], withdrawalCredentials: credentials, amountGwei: 32n * GWEI, time: 1_000 });
  model.addDeposit({ pubkey: pubkeys[1], withdrawalCredentials: credentials, amountGwei: 32n * GWEI, time: 1_000 + 12 * 50 });
  // A front-run: 1 ETH with another party's credentials, then 32 ETH with ours.
  model.addDeposit({ pubkey: pubkeys[2], withdrawalCredentials: frontRunner, amountGwei: GWEI, time: 1_000 + 12 * 60 });
  model.addDeposit({ pubkey: pubkeys[2], withdrawalCredentials: credentials, amountGwei: 32n * GWEI, time: 1_000 + 12 * 70 });
  server = await serveBeaconApi({ model, now: () => clock, finalityLagEpochs: 2 }, 0);
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const get = async (path: string) => {
  const response = await fetch(base + path);
  return { status: response.status, body: (await response.json()) as Record<string, any> };
};

describe('Beacon API', () => {
  it('serves genesis and spec with numbers as decimal strings', async () => {
    expect((await get('/eth/v1/beacon/genesis')).body.data.genesis_time).toBe('1000');
    expect((await get('/eth/v1/config/spec')).body.data).toMatchObject({ SECONDS_PER_SLOT: '12', SLOTS_PER_EPOCH: '4' });
  });

  it('serves head and finalized headers, finality trailing by two epochs', async () => {
    expect((await get('/eth/v1/beacon/headers/head')).body.data.header.message.slot).toBe('100');
    const finalized = await get('/eth/v1/beacon/headers/finalized');
    expect(finalized.body.data.header.message.slot).toBe('92');
    expect(finalized.body.finalized).toBe(true);
  });

  it('answers validators at a past slot, filtered by pubkey or index', async () => {
    const atSlot20 = await get(`/eth/v1/beacon/states/20/validators?id=${pubkeys[0]},${pubkeys[1]}`);
    expect(atSlot20.body.data).toHaveLength(1);
    expect(atSlot20.body.data[0]).toMatchObject({ index: '0', status: 'active_ongoing', validator: { pubkey: pubkeys[0], withdrawal_credentials: credentials } });
    const byIndex = await get('/eth/v1/beacon/states/head/validators?id=1');
    expect(byIndex.body.data.map((v: { index: string }) => v.index)).toEqual(['1']);
  });

  it('grows balances over time', async () => {
    const early = BigInt((await get('/eth/v1/beacon/states/20/validators?id=0')).body.data[0].balance);
    const late = BigInt((await get('/eth/v1/beacon/states/90/validators?id=0')).body.data[0].balance);
    expect(late).toBeGreaterThan(early);
  });

  it('takes the POST form of the validators query', async () => {
    const response = await fetch(`${base}/eth/v1/beacon/states/head/validators`, { method: 'POST', body: JSON.stringify({ ids: [pubkeys[1]] }) });
    const body = (await response.json()) as { data: { index: string }[] };
    expect(body.data.map((v) => v.index)).toEqual(['1']);
  });

  it('serves a topped-up pubkey with its first deposit\'s withdrawal credentials', async () => {
    const before = await fetch(`${base}/eth/v1/beacon/states/65/validators`, { method: 'POST', body: JSON.stringify({ ids: [pubkeys[2]] }) });
    expect(((await before.json()) as { data: unknown[] }).data[0]).toMatchObject({ index: '2', status: 'pending_initialized', balance: String(GWEI), validator: { withdrawal_credentials: frontRunner } });
    const [after] = (await get(`/eth/v1/beacon/states/head/validators?id=${pubkeys[2]}`)).body.data;
    expect(after).toMatchObject({ index: '2', status: 'active_ongoing', validator: { pubkey: pubkeys[2], withdrawal_credentials: frontRunner } });
    expect(BigInt(after.balance)).toBeGreaterThanOrEqual(33n * GWEI);
  });

  it('slashes through the control endpoint', async () => {
    clock += 12;
    const response = await fetch(`${base}/tributary/v1/slash`, { method: 'POST', body: JSON.stringify({ pubkey: pubkeys[0], amount_gwei: String(GWEI) }) });
    expect(response.status).toBe(200);
    const [validator] = (await get(`/eth/v1/beacon/states/head/validators?id=${pubkeys[0]}`)).body.data;
    expect(validator).toMatchObject({ status: 'active_slashed', validator: { slashed: true } });
  });

  it('answers errors in the Beacon API shape', async () => {
    expect(await get('/eth/v1/beacon/states/99999/validators')).toMatchObject({ status: 404, body: { code: 404 } });
    expect(await get('/eth/v1/beacon/states/nonsense/validators')).toMatchObject({ status: 400 });
    expect((await get('/eth/v1/nope')).status).toBe(404);
    const badSlash = await fetch(`${base}/tributary/v1/slash`, { method: 'POST', body: '{"pubkey":"0x00"}' });
    expect(badSlash.status).toBe(400);
  });
});
