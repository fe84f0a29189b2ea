#!/usr/bin/env -S npx tsx
import type { Server } from 'node:http';
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { type Hex, isHex, parseEther } from 'viem';
import { devnetAccounts, devnetDvnSigners, devnetGuardians, devnetOracleMembers, devnetPorts, devnetRoles } from '@tributary/config';
import { ManifestError, readManifest } from '@tributary/contracts';
import { ConfigError, loadConfig } from './config.ts';
import { type LogLevel, jsonLogger } from './log.ts';
import { CheckpointMismatchError, type RelayerOptions, startRelayer } from './relayer.ts';
import { serveStatus } from './status.ts';

const usage = `Usage: tributary-relayer --config relayer.json
       tributary-relayer [--manifest deployments/local.json] [--devnet] [--beacon-url URL] [--poll-ms 250] [--metrics-port 9464]
                         [--batch-min-eth 32] [--batch-max-age 30] [--database FILE]
--config runs from a config file (see apps/relayer/README.md); it cannot be combined with other options.
Without it, the options below are a devnet shortcut. Checkpoints stay in memory unless --database names a file.
A spoke batch leaves at --batch-min-eth ETH pending or --batch-max-age seconds after its first deposit.
Keys come from RELAYER_PRIVATE_KEY, LZ_DELIVERY_PRIVATE_KEY, KEEPER_PRIVATE_KEY, LOSS_GUARD_PRIVATE_KEY,
ORACLE_MEMBER_PRIVATE_KEYS, GUARDIAN_PRIVATE_KEYS and DVN_PRIVATE_KEYS (comma-separated), or --devnet for anvil's development
keys. Oracle members, deposit guardians and the loss guard need --beacon-url.`;

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

function parseFlags() {
  try {
    // `pnpm start -- --config x` hands the script a leading `--`.
    const args = process.argv.slice(2);
    return parseArgs({
    args: args[0] === '--' ? args.slice(1) : args,
    options: {
      config: { type: 'string' },
      database: { type: 'string' },
      manifest: { type: 'string' },
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
    return fail((error as Error).message);
  }
}
const parsed = parseFlags();
if (parsed.help) {
  process.stdout.write(`${usage}\n`);
  process.exit(0);
}

/** The flags of the devnet shortcut, mapped onto the relayer's options. */
function optionsFromFlags(): { options: RelayerOptions; metricsPort: number; logLevel: LogLevel } {
  const relayerKey = keyFromEnv('RELAYER_PRIVATE_KEY') ?? (parsed.devnet ? devnetAccounts[devnetRoles.relayer].privateKey : undefined);
  if (!relayerKey) fail('no relayer key: set RELAYER_PRIVATE_KEY or pass --devnet');
  const lzDeliveryKey = keyFromEnv('LZ_DELIVERY_PRIVATE_KEY') ?? (parsed.devnet ? devnetAccounts[devnetRoles.lzDelivery].privateKey : undefined);
  const keeperKey = keyFromEnv('KEEPER_PRIVATE_KEY') ?? (parsed.devnet ? devnetAccounts[devnetRoles.keeper].privateKey : undefined);
  const lossGuardKey = keyFromEnv('LOSS_GUARD_PRIVATE_KEY') ?? (parsed.devnet ? devnetAccounts[devnetRoles.lossGuard].privateKey : undefined);
  const oracleMemberKeys =
    keysFromEnv('ORACLE_MEMBER_PRIVATE_KEYS') ?? (parsed.devnet ? devnetOracleMembers.map((index) => devnetAccounts[index].privateKey) : []);
  const guardianKeys = keysFromEnv('GUARDIAN_PRIVATE_KEYS') ?? (parsed.devnet ? devnetGuardians.map((index) => devnetAccounts[index].privateKey) : []);
  const dvnKeys = keysFromEnv('DVN_PRIVATE_KEYS') ?? (parsed.devnet ? devnetDvnSigners.map((index) => devnetAccounts[index].privateKey) : []);
  const beaconUrl = parsed['beacon-url'];
  if (oracleMemberKeys.length > 0 && beaconUrl === undefined) fail('oracle members need --beacon-url');
  if (guardianKeys.length > 0 && beaconUrl === undefined) fail('deposit guardians need --beacon-url');
  if (lossGuardKey !== undefined && beaconUrl === undefined) fail('the loss guard needs --beacon-url');
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
    manifest = readManifest(resolve(process.env.INIT_CWD ?? process.cwd(), parsed.manifest ?? 'deployments/local.json'));
  } catch (error) {
    if (error instanceof ManifestError) fail(error.message);
    throw error;
  }

  return {
    options: {
      manifest,
      relayerKey,
      lzDeliveryKey,
      keeperKey,
      lossGuardKey,
      oracleMemberKeys,
      guardianKeys,
      dvnKeys,
      beaconUrl,
      pollIntervalMs,
      batch,
      ...(parsed.database === undefined ? {} : { database: resolve(process.env.INIT_CWD ?? process.cwd(), parsed.database) }),
    },
    metricsPort,
    logLevel: 'info',
  };
}

function optionsFromConfig(path: string): { options: RelayerOptions; metricsPort: number; logLevel: LogLevel } {
  const others = Object.keys(parsed).filter((key) => !['config', 'devnet', 'help'].includes(key) || (key === 'devnet' && parsed.devnet));
  if (others.length > 0) fail(`--config cannot be combined with --${others.join(', --')}: set them in the config file`);
  let config;
  try {
    config = loadConfig(resolve(process.env.INIT_CWD ?? process.cwd(), path));
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
  return {
    options: {
      manifest: config.manifest,
      relayerKey: config.keys.relayer,
      lzDeliveryKey: config.keys.lzDelivery,
      keeperKey: config.keys.keeper,
      lossGuardKey: config.keys.lossGuard,
      oracleMemberKeys: config.keys.oracleMembers,
      guardianKeys: config.keys.guardians,
      dvnKeys: config.keys.dvns,
      beaconUrl: config.beaconUrl,
      duties: config.duties,
      chains: config.chains,
      pollIntervalMs: config.loopIntervalMs,
      batch: { minBatchAssets: config.thresholds.batchMinAssets, maxBatchAgeSeconds: config.thresholds.batchMaxAgeSeconds },
      ratePush: { resendAfterMs: config.thresholds.rateResendAfterMs, heartbeatSeconds: config.thresholds.rateHeartbeatSeconds },
      tx: config.tx,
      database: config.database,
      shutdownGraceMs: config.shutdownGraceMs,
    },
    metricsPort: config.statusPort,
    logLevel: config.logLevel,
  };
}

const { options, metricsPort, logLevel } = parsed.config === undefined ? optionsFromFlags() : optionsFromConfig(parsed.config);
const log = jsonLogger(logLevel);
let relayer;
try {
  relayer = startRelayer({ ...options, log });
} catch (error) {
  if (error instanceof CheckpointMismatchError) fail(error.message);
  throw error;
}
// Handlers first, so a signal during start-up still stops the relayer cleanly.
let server: Server | undefined;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server?.close();
    log('info', 'shutting down', { signal });
    void relayer.stop().then((finished) => process.exit(finished ? 0 : 1));
  });
}

// A loop that has not turned in 20 polls (or 30 s) is stalled.
server = await serveStatus(relayer.status, metricsPort, Math.max(30_000, (options.pollIntervalMs ?? 250) * 20));
log('info', 'status server listening', { url: `http://127.0.0.1:${metricsPort}` });

