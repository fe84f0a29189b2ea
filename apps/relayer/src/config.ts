/**
 * The relayer's config file: one JSON document, checked against a schema before anything starts,
 * so a typo fails at once with the path of the bad field. Keys are never written in the file
 * itself: each names an environment variable, a key file, or (local chains only) a devnet role.
 */
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { type Hex, isHex, parseEther } from 'viem';
import { z } from 'zod';
import { type ChainName, chainNames, devnetAccounts, devnetDvnSigners, devnetGuardians, devnetOracleMembers, devnetRoles } from '@tributary/config';
import { type Manifest, ManifestError, readManifest } from '@tributary/contracts';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const positiveInt = z.number().int().positive();
const nonNegativeInt = z.number().int().nonnegative();
const httpUrl = z.string().regex(/^https?:\/\//, 'must be an http(s) URL');

const keySource = z.union([
  z.object({ env: z.string().min(1) }).strict(),
  z.object({ file: z.string().min(1) }).strict(),
  z.object({ devnet: z.enum(['relayer', 'lzDelivery', 'keeper', 'oracleMember0', 'oracleMember1', 'oracleMember2', 'guardian0', 'guardian1', 'guardian2', 'lossGuard', 'dvn0', 'dvn1']) }).strict(),
]);
export type KeySource = z.infer<typeof keySource>;

const chainSchema = z
  .object({
    /** Overrides the manifest's RPC URL (public networks: your node or provider). */
    rpcUrl: httpUrl.optional(),
    /** Blocks an event must be buried under before the relayer acts on it. */
    confirmations: nonNegativeInt.default(0),
    /** How often receipts and blocks are polled on this chain. */
    pollIntervalMs: positiveInt.default(250),
    /** Blocks re-scanned after a reorg is detected at the scan cursor. */
    reorgWindowBlocks: positiveInt.default(64),
    /** Largest block range asked for in one eth_getLogs. */
    maxLogRange: positiveInt.default(5_000),
  })
  .strict();

const ethAmount = z.string().regex(/^\d+(\.\d{1,18})?$/, 'must be an ETH amount like "32" or "0.5"');

export const configSchema = z
  .object({
    /** Deployment manifest (contract addresses), relative to the config file. */
    manifest: z.string().min(1),
    chains: z.object({ hub: chainSchema.prefault({}), alpha: chainSchema.prefault({}), beta: chainSchema.prefault({}) }).strict().prefault({}),
    keys: z
      .object({
        relayer: keySource,
        lzDelivery: keySource.optional(),
        keeper: keySource.optional(),
        oracleMembers: z.array(keySource).default([]),
        /** One deposit guardian per key; each signs with its own. */
        guardians: z.array(keySource).default([]),
        /** Holds PAUSER_ROLE on TrETH: pauses instant exits on a beacon loss not reported yet. */
        lossGuard: keySource.optional(),
        /** One DVN worker per key: each the signer of one DVN contract (devnet infrastructure). */
        dvns: z.array(keySource).default([]),
      })
      .strict(),
    duties: z
      .object({
        lzDelivery: z.boolean().default(false),
        dvn: z.boolean().default(false),
        localBridge: z.boolean().default(false),
        ratePush: z.boolean().default(true),
        batchSync: z.boolean().default(true),
        backingGuard: z.boolean().default(true),
        parkedRelease: z.boolean().default(true),
        keeper: z.boolean().default(false),
        oracle: z.boolean().default(false),
        guardian: z.boolean().default(false),
        lossGuard: z.boolean().default(false),
      })
      .strict()
      .prefault({}),
    beaconUrl: httpUrl.optional(),
    thresholds: z
      .object({
        batchMinEth: ethAmount.default('32'),
        batchMaxAgeSeconds: positiveInt.default(30),
        /** Re-broadcast the rate to a spoke not updated for this long (0: only on change). */
        rateHeartbeatSeconds: nonNegativeInt.default(0),
        /** Broadcast again if a sent rate update has not landed after this long. */
        rateResendAfterSeconds: positiveInt.default(30),
      })
      .strict()
      .prefault({}),
    tx: z
      .object({
        /** A sent transaction unmined for this long is replaced with a higher fee. */
        stuckAfterMs: positiveInt.default(15_000),
        feeBumpPercent: z.number().int().min(10).max(500).default(25),
        maxReplacements: nonNegativeInt.default(5),
        /** A failed action waits retryBaseMs * 2^(failures-1), capped at retryMaxMs. */
        retryBaseMs: positiveInt.default(1_000),
        retryMaxMs: positiveInt.default(60_000),
      })
      .strict()
      .prefault({}),
    loopIntervalMs: positiveInt.default(250),
    /** Time the current tick may take to finish on SIGTERM before the process exits anyway. */
    shutdownGraceMs: positiveInt.default(10_000),
    statusPort: z.number().int().min(1).max(65_535).default(9464),
    /** SQLite checkpoint file, relative to the config file; ":memory:" keeps nothing. */
    database: z.string().min(1).default('relayer.sqlite'),
    logLevel: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  })
  .strict();

export type RelayerConfigFile = z.infer<typeof configSchema>;

export interface ChainSettings {
  rpcUrl: string;
  confirmations: number;
  pollIntervalMs: number;
  reorgWindowBlocks: number;
  maxLogRange: number;
}

/** A config with its keys read and its paths resolved: what the relayer runs on. */
export interface RelayerConfig {
  manifest: Manifest;
  chains: Record<ChainName, ChainSettings>;
  keys: { relayer: Hex; lzDelivery?: Hex; keeper?: Hex; oracleMembers: Hex[]; guardians: Hex[]; lossGuard?: Hex; dvns: Hex[] };
  duties: RelayerConfigFile['duties'];
  beaconUrl?: string;
  thresholds: {
    batchMinAssets: bigint;
    batchMaxAgeSeconds: bigint;
    rateHeartbeatSeconds: number;
    rateResendAfterMs: number;
  };
  tx: RelayerConfigFile['tx'];
  loopIntervalMs: number;
  shutdownGraceMs: number;
  statusPort: number;
  database: string;
  logLevel: RelayerConfigFile['logLevel'];
}

function issuePath(path: readonly PropertyKey[]): string {
  return path.length === 0 ? '(root)' : path.map(String).join('.');
}

/** Checks a parsed document; the error names every bad field by its path. */
export function parseConfig(document: unknown, source = 'config'): RelayerConfigFile {
  const result = configSchema.safeParse(document);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${issuePath(issue.path)}: ${issue.message}`);
  throw new ConfigError(`${source} is invalid:\n  ${problems.join('\n  ')}`);
}

const devnetKeys: Record<Extract<KeySource, { devnet: string }>['devnet'], Hex> = {
  relayer: devnetAccounts[devnetRoles.relayer].privateKey,
  lzDelivery: devnetAccounts[devnetRoles.lzDelivery].privateKey,
  keeper: devnetAccounts[devnetRoles.keeper].privateKey,
  oracleMember0: devnetAccounts[devnetOracleMembers[0]!].privateKey,
  oracleMember1: devnetAccounts[devnetOracleMembers[1]!].privateKey,
  oracleMember2: devnetAccounts[devnetOracleMembers[2]!].privateKey,
  guardian0: devnetAccounts[devnetGuardians[0]!].privateKey,
  guardian1: devnetAccounts[devnetGuardians[1]!].privateKey,
  guardian2: devnetAccounts[devnetGuardians[2]!].privateKey,
  lossGuard: devnetAccounts[devnetRoles.lossGuard].privateKey,
  dvn0: devnetAccounts[devnetDvnSigners[0]].privateKey,
  dvn1: devnetAccounts[devnetDvnSigners[1]].privateKey,
};

/** Reads one key; errors name the field and where the key was looked for, never its value. */
export function readKey(source: KeySource, field: string, baseDir: string, env: NodeJS.ProcessEnv = process.env): Hex {
  let value: string | undefined;
  if ('env' in source) {
    value = env[source.env]?.trim();
    if (!value) throw new ConfigError(`${field}: environment variable ${source.env} is not set`);
  } else if ('file' in source) {
    const path = isAbsolute(source.file) ? source.file : resolve(baseDir, source.file);
    try {
      value = readFileSync(path, 'utf8').trim();
    } catch (error) {
      throw new ConfigError(`${field}: cannot read key file ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  } else {
    return devnetKeys[source.devnet];
  }
  if (!isHex(value) || value.length !== 66) throw new ConfigError(`${field}: not a 32-byte hex private key (value redacted)`);
  return value;
}

/** Loads, validates and resolves a config file. */
export function loadConfig(path: string, env: NodeJS.ProcessEnv = process.env): RelayerConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read config file ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${path} is not valid JSON: ${(error as Error).message}`);
  }
  return resolveConfig(parseConfig(document, path), dirname(path), env);
}

export function resolveConfig(file: RelayerConfigFile, baseDir: string, env: NodeJS.ProcessEnv = process.env): RelayerConfig {
  const manifestPath = isAbsolute(file.manifest) ? file.manifest : resolve(baseDir, file.manifest);
  let manifest: Manifest;
  try {
    manifest = readManifest(manifestPath);
  } catch (error) {
    if (error instanceof ManifestError) throw new ConfigError(`manifest: ${error.message}`);
    throw error;
  }
  const keys: RelayerConfig['keys'] = {
    relayer: readKey(file.keys.relayer, 'keys.relayer', baseDir, env),
    oracleMembers: file.keys.oracleMembers.map((source, index) => readKey(source, `keys.oracleMembers.${index}`, baseDir, env)),
    guardians: file.keys.guardians.map((source, index) => readKey(source, `keys.guardians.${index}`, baseDir, env)),
    dvns: file.keys.dvns.map((source, index) => readKey(source, `keys.dvns.${index}`, baseDir, env)),
  };
  if (file.keys.lzDelivery) keys.lzDelivery = readKey(file.keys.lzDelivery, 'keys.lzDelivery', baseDir, env);
  if (file.keys.keeper) keys.keeper = readKey(file.keys.keeper, 'keys.keeper', baseDir, env);
  if (file.keys.lossGuard) keys.lossGuard = readKey(file.keys.lossGuard, 'keys.lossGuard', baseDir, env);
  if ((file.duties.lzDelivery || file.duties.localBridge) && !keys.lzDelivery) {
    throw new ConfigError('keys.lzDelivery: required when duties.lzDelivery or duties.localBridge is on');
  }
  if (file.duties.dvn && keys.dvns.length === 0) throw new ConfigError('keys.dvns: at least one key when duties.dvn is on');
  if (file.duties.keeper && !keys.keeper) throw new ConfigError('keys.keeper: required when duties.keeper is on');
  if (file.duties.oracle && keys.oracleMembers.length === 0) throw new ConfigError('keys.oracleMembers: at least one key when duties.oracle is on');
  if (file.duties.oracle && !file.beaconUrl) throw new ConfigError('beaconUrl: required when duties.oracle is on');
  if (file.duties.guardian && keys.guardians.length === 0) throw new ConfigError('keys.guardians: at least one key when duties.guardian is on');
  if (file.duties.guardian && !file.beaconUrl) throw new ConfigError('beaconUrl: required when duties.guardian is on');
  if (file.duties.lossGuard && !keys.lossGuard) throw new ConfigError('keys.lossGuard: required when duties.lossGuard is on');
  if (file.duties.lossGuard && !file.beaconUrl) throw new ConfigError('beaconUrl: required when duties.lossGuard is on');
  if (file.tx.retryMaxMs < file.tx.retryBaseMs) throw new ConfigError('tx.retryMaxMs: must be at least tx.retryBaseMs');

  const chains = Object.fromEntries(
    chainNames.map((name) => {
      const { rpcUrl, ...rest } = file.chains[name];
      return [name, { rpcUrl: rpcUrl ?? manifest.chains[name].rpcUrl, ...rest }];
    }),
  ) as Record<ChainName, ChainSettings>;

  return {
    manifest,
    chains,
    keys,
    duties: file.duties,
    ...(file.beaconUrl ? { beaconUrl: file.beaconUrl } : {}),
    thresholds: {
      batchMinAssets: parseEther(file.thresholds.batchMinEth),
      batchMaxAgeSeconds: BigInt(file.thresholds.batchMaxAgeSeconds),
      rateHeartbeatSeconds: file.thresholds.rateHeartbeatSeconds,
      rateResendAfterMs: file.thresholds.rateResendAfterSeconds * 1000,
    },
    tx: file.tx,
    loopIntervalMs: file.loopIntervalMs,
    shutdownGraceMs: file.shutdownGraceMs,
    statusPort: file.statusPort,
    database: file.database === ':memory:' || isAbsolute(file.database) ? file.database : resolve(baseDir, file.database),
    logLevel: file.logLevel,
  };
}

/** Private keys in any text (error messages, RPC payload dumps) replaced before logging. */
export function redact(text: string, keys: readonly Hex[]): string {
  let out = text;
  for (const key of keys) out = out.split(key).join('0x<redacted>').split(key.slice(2)).join('<redacted>');
  return out;
}
