#!/usr/bin/env -S npx tsx
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { type Hex, isHex } from 'viem';
import { devnetAccounts, devnetPorts, devnetRoles } from '@tributary/config';
import { ManifestError, readManifest } from '@tributary/contracts';
import { jsonLogger } from './log.ts';
import { startRelayer } from './relayer.ts';
import { serveStatus } from './status.ts';

const usage = `Usage: tributary-relayer [--manifest deployments/local.json] [--devnet] [--poll-ms 250] [--heartbeat-s 3600] [--metrics-port 9464]
Keys come from RELAYER_PRIVATE_KEY and LZ_DELIVERY_PRIVATE_KEY, or --devnet for anvil's development keys.`;

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

function keyFromEnv(name: string): Hex | undefined {
  const value = process.env[name];
  if (value === undefined) return undefined;
  if (!isHex(value) || value.length !== 66) fail(`${name} must be a 32-byte hex private key`);
  return value;
}

let parsed;
try {
  parsed = parseArgs({
    options: {
      manifest: { type: 'string', default: 'deployments/local.json' },
      devnet: { type: 'boolean', default: false },
      'poll-ms': { type: 'string' },
      'heartbeat-s': { type: 'string' },
      'metrics-port': { type: 'string' },
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
const pollIntervalMs = positiveInt('poll-ms', parsed['poll-ms'], 250);
const heartbeatSeconds = positiveInt('heartbeat-s', parsed['heartbeat-s'], 3600);
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
  pollIntervalMs,
  heartbeatSeconds,
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
