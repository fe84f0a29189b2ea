#!/usr/bin/env -S npx tsx
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { type Hex, isHex, parseEther } from 'viem';
import { devnetAccounts, devnetOracleMembers, devnetPorts, devnetRoles } from '@tributary/config';
import { ManifestError, readManifest } from '@tributary/contracts';
import { jsonLogger } from './log.ts';
import { startRelayer } from './relayer.ts';
import { serveStatus } from './status.ts';

const usage = `Usage: tributary-relayer [--manifest deployments/local.json] [--devnet] [--beacon-url URL] [--poll-ms 250] [--metrics-port 9464]
                         [--batch-min-eth 32] [--batch-max-age 30]
A spoke batch leaves at --batch-min-eth ETH pending or --batch-max-age seconds after its first deposit.
Keys come from RELAYER_PRIVATE_KEY, LZ_DELIVERY_PRIVATE_KEY, KEEPER_PRIVATE_KEY and ORACLE_MEMBER_PRIVATE_KEYS
(comma-separated), or --devnet for anvil's development keys. Oracle members need --beacon-url.`;

function fail(message: string): never {
  process.stderr.write(`tributary-relayer: ${message}\n${usage}\n`);
  process.exit(2);
}

function positiveInt(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0) fail(`--${name} must be a positive integer, got "${value}"`);
  return parsed;
}

function checkKey(name: string, value: string): Hex {
  if (!isHex(value) || value.length !== 66) fail(`${name} must be a 32-byte hex private key`);
  return value;
}

function keyFromEnv(name: string): Hex | undefined {
  const value = process.env[name];
  return value === undefined ? undefined : checkKey(name, value);
}

function keysFromEnv(name: string): Hex[] | undefined {
  const value = process.env[name];
  return value === undefined ? undefined : value.split(',').map((key) => checkKey(name, key.trim()));
}

let parsed;
try {
  parsed = parseArgs({
    options: {
      manifest: { type: 'string', default: 'deployments/local.json' },
      devnet: { type: 'boolean', default: false },
      'poll-ms': { type: 'string' },
      'metrics-port': { type: 'string' },
      'beacon-url': { type: 'string' },
      'batch-min-eth': { type: 'string' },
      'batch-max-age': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  }).values;
} catch (error) {
  fail((error as Error).message);
}
if (parsed.help) {
  process.stdout.write(`${usage}\n`);
  process.exit(0);
}

const relayerKey = keyFromEnv('RELAYER_PRIVATE_KEY') ?? (parsed.devnet ? devnetAccounts[devnetRoles.relayer].privateKey : undefined);
if (!relayerKey) fail('no relayer key: set RELAYER_PRIVATE_KEY or pass --devnet');
const lzDeliveryKey = keyFromEnv('LZ_DELIVERY_PRIVATE_KEY') ?? (parsed.devnet ? devnetAccounts[devnetRoles.lzDelivery].privateKey : undefined);
const keeperKey = keyFromEnv('KEEPER_PRIVATE_KEY') ?? (parsed.devnet ? devnetAccounts[devnetRoles.keeper].privateKey : undefined);
const oracleMemberKeys =
  keysFromEnv('ORACLE_MEMBER_PRIVATE_KEYS') ?? (parsed.devnet ? devnetOracleMembers.map((index) => devnetAccounts[index].privateKey) : []);
const beaconUrl = parsed['beacon-url'];
if (oracleMemberKeys.length > 0 && beaconUrl === undefined) fail('oracle members need --beacon-url');
if (beaconUrl !== undefined && !/^https?:\/\//.test(beaconUrl)) fail(`--beacon-url must be an http(s) URL, got "${beaconUrl}"`);
const pollIntervalMs = positiveInt('poll-ms', parsed['poll-ms'], 250);
const batchMinEth = parsed['batch-min-eth'];
if (batchMinEth !== undefined && !/^\d+(\.\d{1,18})?$/.test(batchMinEth)) fail(`--batch-min-eth must be an ETH amount like 32 or 0.5, got "${batchMinEth}"`);
const batch = {
  ...(batchMinEth === undefined ? {} : { minBatchAssets: parseEther(batchMinEth) }),
  ...(parsed['batch-max-age'] === undefined ? {} : { maxBatchAgeSeconds: BigInt(positiveInt('batch-max-age', parsed['batch-max-age'], 30)) }),
};
const metricsPort = positiveInt('metrics-port', parsed['metrics-port'], devnetPorts.relayerMetrics);

// Options first, then the manifest: a typo fails fast, before any file or network access.
let manifest;
try {
  manifest = readManifest(resolve(process.env.INIT_CWD ?? process.cwd(), parsed.manifest));
} catch (error) {
  if (error instanceof ManifestError) fail(error.message);
  throw error;
}

const log = jsonLogger();
const relayer = startRelayer({
  manifest,
  relayerKey,
  lzDeliveryKey,
  keeperKey,
  oracleMemberKeys,
  beaconUrl,
  pollIntervalMs,
  batch,
  log,
});
// A loop that has not turned in 20 polls (or 30 s) is stalled.
const server = await serveStatus(relayer.status, metricsPort, Math.max(30_000, pollIntervalMs * 20));
log('info', 'status server listening', { url: `http://127.0.0.1:${metricsPort}` });

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.close();
    void relayer.stop().then(() => process.exit(0));
  });
}
