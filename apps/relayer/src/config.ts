/**
 * The relayer's config: one JSON document, checked against a schema before anything starts, so a
 * typo fails at once with the path of the bad field. A config file and the command line's flags
 * (cli.ts) both become such a document; every default lives in the schema. Keys are never written
 * in the document itself: each names an environment variable, a key file, or (local chains only)
 * a devnet role.
 */
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { type Hex, isHex, parseEther } from 'viem';
import { z } from 'zod';
import { type ChainName, type SpokeName, chainNames, chains, devnetAccounts, devnetPorts, devnetDvnSigners, devnetGuardians, devnetOracleMembers, devnetRoles, spokeNames } from '@tributary/config';
import { type Manifest, ManifestError, manifestChainNames } from '@tributary/contracts';
import { readManifest } from '@tributary/contracts/node';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const positiveInt = z.number().int().positive();
const nonNegativeInt = z.number().int().nonnegative();
const httpUrl = z.string().regex(/^https?:\/\//, 'must be an http(s) URL');

/** The devnet's service accounts by key name (@tributary/config's roles): one table for every devnet relayer. */
const devnetServiceAccounts: Readonly<Record<string, number>> = {
  relayer: devnetRoles.relayer,
  lzDelivery: devnetRoles.lzDelivery,
  keeper: devnetRoles.keeper,
  lossGuard: devnetRoles.lossGuard,
  ...Object.fromEntries(devnetOracleMembers.map((account, index) => [`oracleMember${index}`, account])),
  ...Object.fromEntries(devnetGuardians.map((account, index) => [`guardian${index}`, account])),
  ...Object.fromEntries(devnetDvnSigners.map((account, index) => [`dvn${index}`, account])),
};

const keySource = z.union([
  /** `index` picks one key of a comma-separated list. */
  z.object({ env: z.string().min(1), index: nonNegativeInt.optional() }).strict(),
  z.object({ file: z.string().min(1) }).strict(),
  z.object({ devnet: z.string().refine((name) => name in devnetServiceAccounts, 'must name a devnet service account') }).strict(),
]);
export type KeySource = z.infer<typeof keySource>;

export const chainSchema = z
  .object({
    /** Overrides the manifest's RPC URL (public networks: your node or provider). */
    rpcUrl: httpUrl.optional(),
    /** Blocks an event must be buried under before the relayer acts on it. */
    confirmations: nonNegativeInt.default(0),
    /** How often viem polls this chain's RPC (receipts, block numbers); not the duty loop's pace. */
    rpcPollingIntervalMs: positiveInt.default(250),
    /** Blocks re-scanned after a reorg is detected at the scan cursor. */
    reorgWindowBlocks: positiveInt.default(64),
    /** Largest block range asked for in one eth_getLogs. */
    maxLogRange: positiveInt.default(5_000),
  })
  .strict();
export type ChainSettingsInput = z.input<typeof chainSchema>;

const chainEntry = chainSchema.prefault({});
/** One optional entry per registry chain: the set of chains is the registry's, never spelled here. */
const chainsSchema = z
  .object(Object.fromEntries((Object.keys(chains) as ChainName[]).map((name) => [name, chainEntry])) as Record<ChainName, typeof chainEntry>)
  .strict()
  .prefault({});

export const txSchema = z
  .object({
    /** A sent transaction unmined for this long is replaced with a higher fee. */
    stuckAfterMs: positiveInt.default(15_000),
    feeBumpPercent: z.number().int().min(10).max(500).default(25),
    maxReplacements: nonNegativeInt.default(5),
    /** A failed action waits retryBaseMs * 2^(failures-1), capped at retryMaxMs. */
    retryBaseMs: positiveInt.default(1_000),
    retryMaxMs: positiveInt.default(60_000),
  })
  .strict();

const ethAmount = z.string().regex(/^\d+(\.\d{1,18})?$/, 'must be an ETH amount like "32" or "0.5"');

export const configSchema = z
  .object({
    /** Deployment manifest (contract addresses), relative to the config file. */
    manifest: z.string().min(1),
    chains: chainsSchema,
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
    tx: txSchema.prefault({}),
    /** Pause between passes of the duty loop (each chain's RPC polling is `chains.*.rpcPollingIntervalMs`). */
    loopIntervalMs: positiveInt.default(250),
    /** Time the current tick may take to finish on SIGTERM before the process exits anyway. */
    shutdownGraceMs: positiveInt.default(10_000),
    statusPort: z.number().int().min(1).max(65_535).default(devnetPorts.relayerMetrics),
    /** SQLite checkpoint file, relative to the config file; ":memory:" keeps nothing. */
    database: z.string().min(1).default('relayer.sqlite'),
    logLevel: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  })
  .strict()
  .superRefine((config, issues) => {
    const require = (problem: boolean, path: string, message: string) => {
      if (problem) issues.addIssue({ code: 'custom', path: path.split('.'), message });
    };
    const { duties, keys } = config;
    require((duties.lzDelivery || duties.localBridge) && !keys.lzDelivery, 'keys.lzDelivery', 'required when duties.lzDelivery or duties.localBridge is on');
    require(duties.dvn && keys.dvns.length === 0, 'keys.dvns', 'at least one key when duties.dvn is on');
    require(duties.keeper && !keys.keeper, 'keys.keeper', 'required when duties.keeper is on');
    require(duties.oracle && keys.oracleMembers.length === 0, 'keys.oracleMembers', 'at least one key when duties.oracle is on');
    require(duties.guardian && keys.guardians.length === 0, 'keys.guardians', 'at least one key when duties.guardian is on');
    require(duties.lossGuard && !keys.lossGuard, 'keys.lossGuard', 'required when duties.lossGuard is on');
    for (const duty of ['oracle', 'guardian', 'lossGuard'] as const) require(duties[duty] && !config.beaconUrl, 'beaconUrl', `required when duties.${duty} is on`);
    require(config.tx.retryMaxMs < config.tx.retryBaseMs, 'tx.retryMaxMs', 'must be at least tx.retryBaseMs');
  });

export type RelayerConfigFile = z.infer<typeof configSchema>;
/** A config document before the schema fills its defaults. */
export type RelayerConfigDocument = z.input<typeof configSchema>;

/** The transaction settings' defaults, read from the schema (tests that drive a signer alone). */
export const defaultTxOptions: RelayerConfigFile['tx'] = txSchema.parse({});

export type ChainSettings = z.infer<typeof chainSchema> & { rpcUrl: string };

/** A config with its keys read and its paths resolved: what the relayer runs on. */
export interface RelayerConfig {
  manifest: Manifest;
  /** The chains this process runs (`chainNames`). */
  chains: Record<ChainName, ChainSettings>;
  keys: { relayer: Hex; lzDelivery?: Hex; keeper?: Hex; oracleMembers: Hex[]; guardians: Hex[]; lossGuard?: Hex; dvns: Hex[] };
  duties: RelayerConfigFile['duties'];
  beaconUrl?: string;
  /** When spoke batches leave for the hub. */
  batch: { minBatchAssets: bigint; maxBatchAgeSeconds: bigint };
  /** When the rate is pushed again without a new report. */
  ratePush: { resendAfterMs: number; heartbeatSeconds: number };
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

/**
 * Checks a document; the error names every bad field by its path, or by the name `fields` gives
 * that path (the command line's flags).
 */
export function parseConfig(document: unknown, source = 'config', fields: Readonly<Record<string, string>> = {}): RelayerConfigFile {
  const result = configSchema.safeParse(document);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const path = issuePath(issue.path);
    return `${fields[path] ?? path}: ${issue.message}`;
  });
  throw new ConfigError(`${source} is invalid:\n  ${problems.join('\n  ')}`);
}

/** The `keys` section that signs every devnet service with its own devnet account. */
export function devnetServiceKeys(): RelayerConfigFile['keys'] {
  const named = (prefix: string, accounts: readonly number[]) => accounts.map((_, index) => ({ devnet: `${prefix}${index}` }));
  return {
    relayer: { devnet: 'relayer' },
    lzDelivery: { devnet: 'lzDelivery' },
    keeper: { devnet: 'keeper' },
    lossGuard: { devnet: 'lossGuard' },
    oracleMembers: named('oracleMember', devnetOracleMembers),
    guardians: named('guardian', devnetGuardians),
    dvns: named('dvn', devnetDvnSigners),
  };
}

/** Reads one key; errors name the field and where the key was looked for, never its value. */
export function readKey(source: KeySource, field: string, baseDir: string, env: NodeJS.ProcessEnv = process.env): Hex {
  let value: string | undefined;
  if ('env' in source) {
    value = env[source.env]?.trim();
    if (!value) throw new ConfigError(`${field}: environment variable ${source.env} is not set`);
    if (source.index !== undefined) {
      value = value.split(',')[source.index]?.trim();
      if (!value) throw new ConfigError(`${field}: environment variable ${source.env} has no key at position ${source.index}`);
    }
  } else if ('file' in source) {
    const path = isAbsolute(source.file) ? source.file : resolve(baseDir, source.file);
    try {
      value = readFileSync(path, 'utf8').trim();
    } catch (error) {
      throw new ConfigError(`${field}: cannot read key file ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  } else {
    return devnetAccounts[devnetServiceAccounts[source.devnet]!]!.privateKey;
  }
  if (!isHex(value) || value.length !== 66) {
    throw new ConfigError(`${field}: ${'env' in source ? `environment variable ${source.env}` : `key file ${source.file}`} holds no 32-byte hex private key (value redacted)`);
  }
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

/** Checks and resolves a document built in code (the command line, the devnet, tests): the file's one path. */
export function relayerConfig(
  document: RelayerConfigDocument,
  { source = 'config', baseDir = process.cwd(), env = process.env, fields }: { source?: string; baseDir?: string; env?: NodeJS.ProcessEnv; fields?: Readonly<Record<string, string>> } = {},
): RelayerConfig {
  return resolveConfig(parseConfig(document, source, fields), baseDir, env);
}

/**
 * Reads a checked document's keys and manifest and resolves its paths against `baseDir`. Keys are
 * read first, so a malformed key fails before any file is opened.
 */
export function resolveConfig(file: RelayerConfigFile, baseDir: string, env: NodeJS.ProcessEnv = process.env): RelayerConfig {
  const keys: RelayerConfig['keys'] = {
    relayer: readKey(file.keys.relayer, 'keys.relayer', baseDir, env),
    oracleMembers: file.keys.oracleMembers.map((source, index) => readKey(source, `keys.oracleMembers.${index}`, baseDir, env)),
    guardians: file.keys.guardians.map((source, index) => readKey(source, `keys.guardians.${index}`, baseDir, env)),
    dvns: file.keys.dvns.map((source, index) => readKey(source, `keys.dvns.${index}`, baseDir, env)),
  };
  if (file.keys.lzDelivery) keys.lzDelivery = readKey(file.keys.lzDelivery, 'keys.lzDelivery', baseDir, env);
  if (file.keys.keeper) keys.keeper = readKey(file.keys.keeper, 'keys.keeper', baseDir, env);
  if (file.keys.lossGuard) keys.lossGuard = readKey(file.keys.lossGuard, 'keys.lossGuard', baseDir, env);
  const manifestPath = isAbsolute(file.manifest) ? file.manifest : resolve(baseDir, file.manifest);
  let manifest: Manifest;
  try {
    manifest = readManifest(manifestPath);
  } catch (error) {
    if (error instanceof ManifestError) throw new ConfigError(`manifest: ${error.message}`);
    throw error;
  }
  // A spoke left out would get no rate pushes, batches or deliveries: refuse rather than skip it.
  const unserved = manifestChainNames(manifest).filter((name) => !chainNames.includes(name));
  if (unserved.length > 0) {
    throw new ConfigError(`manifest: holds ${unserved.join(', ')}, which this relayer does not run: set TRIBUTARY_SPOKES=${spokeNames.concat(unserved as SpokeName[]).join(',')}`);
  }

  const chainSettings = Object.fromEntries(
    chainNames.map((name) => {
      const { rpcUrl, ...rest } = file.chains[name];
      return [name, { rpcUrl: rpcUrl ?? manifest.chains[name].rpcUrl, ...rest }];
    }),
  ) as Record<ChainName, ChainSettings>;

  return {
    manifest,
    chains: chainSettings,
    keys,
    duties: file.duties,
    ...(file.beaconUrl ? { beaconUrl: file.beaconUrl } : {}),
    batch: { minBatchAssets: parseEther(file.thresholds.batchMinEth), maxBatchAgeSeconds: BigInt(file.thresholds.batchMaxAgeSeconds) },
    ratePush: { resendAfterMs: file.thresholds.rateResendAfterSeconds * 1000, heartbeatSeconds: file.thresholds.rateHeartbeatSeconds },
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
