#!/usr/bin/env -S npx tsx
import type { Server } from 'node:http';
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { ConfigError, type RelayerConfig, type RelayerConfigDocument, type KeySource, devnetServiceKeys, loadConfig, relayerConfig } from './config.ts';
import { jsonLogger } from './log.ts';
import { CheckpointMismatchError, startRelayer } from './relayer.ts';
import { serveStatus } from './status.ts';

const usage = `Usage: tributary-relayer --config relayer.json
       tributary-relayer [--manifest deployments/local.json] [--devnet] [--beacon-url URL] [--loop-ms 250] [--metrics-port 9464]
                         [--batch-min-eth 32] [--batch-max-age 30] [--database FILE]
--config runs from a config file (see apps/relayer/README.md); it cannot be combined with other options.
Without it, the options below build the same config document (a devnet shortcut); unset ones take the file's defaults.
Checkpoints stay in memory unless --database names a file. --loop-ms is the pause between passes of the duty loop.
A spoke batch leaves at --batch-min-eth ETH pending or --batch-max-age seconds after its first deposit.
Keys come from RELAYER_PRIVATE_KEY, LZ_DELIVERY_PRIVATE_KEY, KEEPER_PRIVATE_KEY, LOSS_GUARD_PRIVATE_KEY,
ORACLE_MEMBER_PRIVATE_KEYS, GUARDIAN_PRIVATE_KEYS and DVN_PRIVATE_KEYS (comma-separated), or --devnet for anvil's development
keys. Every duty whose key is given runs; oracle members, deposit guardians and the loss guard need --beacon-url.`;

function fail(message: string): never {
  process.stderr.write(`tributary-relayer: ${message}\n${usage}\n`);
  process.exit(2);
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
      'loop-ms': { type: 'string' },
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

/** The document's fields as the command line names them, for error messages. */
const flagNames: Record<string, string> = {
  manifest: '--manifest',
  beaconUrl: '--beacon-url',
  loopIntervalMs: '--loop-ms',
  statusPort: '--metrics-port',
  'thresholds.batchMinEth': '--batch-min-eth',
  'thresholds.batchMaxAgeSeconds': '--batch-max-age',
  database: '--database',
};

/** A number flag stays a string when it is not one, so the schema names it. */
const numeric = (value: string | undefined) => (value === undefined || value.trim() === '' || Number.isNaN(Number(value)) ? value : Number(value));

/**
 * The flags of the devnet shortcut as a config document: keys named by their environment variables
 * (or devnet roles with --devnet), and every duty whose key is given switched on.
 */
function documentFromFlags(): RelayerConfigDocument {
  const devnet = devnetServiceKeys();
  const single = (variable: string, fallback: KeySource | undefined): KeySource | undefined =>
    process.env[variable] !== undefined ? { env: variable } : parsed.devnet ? fallback : undefined;
  const list = (variable: string, fallback: KeySource[]): KeySource[] => {
    const value = process.env[variable];
    if (value !== undefined) return value.split(',').map((_, index) => ({ env: variable, index }));
    return parsed.devnet ? fallback : [];
  };
  const relayer = single('RELAYER_PRIVATE_KEY', devnet.relayer);
  if (!relayer) fail('no relayer key: set RELAYER_PRIVATE_KEY or pass --devnet');
  const keys = {
    relayer,
    lzDelivery: single('LZ_DELIVERY_PRIVATE_KEY', devnet.lzDelivery),
    keeper: single('KEEPER_PRIVATE_KEY', devnet.keeper),
    lossGuard: single('LOSS_GUARD_PRIVATE_KEY', devnet.lossGuard),
    oracleMembers: list('ORACLE_MEMBER_PRIVATE_KEYS', devnet.oracleMembers),
    guardians: list('GUARDIAN_PRIVATE_KEYS', devnet.guardians),
    dvns: list('DVN_PRIVATE_KEYS', devnet.dvns),
  };
  const cwd = process.env.INIT_CWD ?? process.cwd();
  return {
    manifest: resolve(cwd, parsed.manifest ?? 'deployments/local.json'),
    keys: Object.fromEntries(Object.entries(keys).filter(([, source]) => source !== undefined)) as RelayerConfigDocument['keys'],
    duties: {
      lzDelivery: keys.lzDelivery !== undefined,
      localBridge: keys.lzDelivery !== undefined,
      dvn: keys.dvns.length > 0,
      keeper: keys.keeper !== undefined,
      lossGuard: keys.lossGuard !== undefined,
      oracle: keys.oracleMembers.length > 0,
      guardian: keys.guardians.length > 0,
    },
    ...(parsed['beacon-url'] === undefined ? {} : { beaconUrl: parsed['beacon-url'] }),
    thresholds: {
      ...(parsed['batch-min-eth'] === undefined ? {} : { batchMinEth: parsed['batch-min-eth'] }),
      ...(parsed['batch-max-age'] === undefined ? {} : { batchMaxAgeSeconds: numeric(parsed['batch-max-age']) as number }),
    },
    ...(parsed['loop-ms'] === undefined ? {} : { loopIntervalMs: numeric(parsed['loop-ms']) as number }),
    ...(parsed['metrics-port'] === undefined ? {} : { statusPort: numeric(parsed['metrics-port']) as number }),
    database: parsed.database === undefined ? ':memory:' : resolve(cwd, parsed.database),
  };
}

function configFromFlagsOrFile(): RelayerConfig {
  try {
    if (parsed.config === undefined) return relayerConfig(documentFromFlags(), { source: 'the command line', fields: flagNames });
    const others = Object.keys(parsed).filter((key) => !['config', 'devnet', 'help'].includes(key) || (key === 'devnet' && parsed.devnet));
    if (others.length > 0) fail(`--config cannot be combined with --${others.join(', --')}: set them in the config file`);
    return loadConfig(resolve(process.env.INIT_CWD ?? process.cwd(), parsed.config));
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
}

const config = configFromFlagsOrFile();
const log = jsonLogger(config.logLevel);
let relayer;
try {
  relayer = startRelayer(config, { log });
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
server = await serveStatus(relayer.status, config.statusPort, Math.max(30_000, config.loopIntervalMs * 20));
log('info', 'status server listening', { url: `http://127.0.0.1:${config.statusPort}` });

