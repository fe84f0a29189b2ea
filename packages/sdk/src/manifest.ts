import { type Address, isAddress } from 'viem';
import { ManifestError, UnsupportedChainError } from './errors.js';

/** Hub contracts the SDK uses (a manifest may list more). */
export interface HubContracts {
  /** trETH on the hub: ERC-20 + ERC-4626 pool, `depositETH`, `getRate`. */
  TrETH: Address;
  /** The OFT lockbox holding the hub trETH that backs every spoke's supply. */
  TrETHAdapter: Address;
  /** ERC-721 withdrawal requests. */
  WithdrawalQueue: Address;
  /** Records what backs each spoke's trETH. */
  BackingLedger: Address;
  /** The validators' operators (for {@link getOperators}; deployments list it, older manifests may not). */
  NodeOperatorRegistry?: Address;
  /** The oracle whose frames date the reports (for {@link getOracleReports}). */
  TributaryOracle?: Address;
}

/** Spoke contracts the SDK uses (a manifest may list more). */
export interface SpokeContracts {
  /** trETH on the spoke: a LayerZero OFT. */
  TrETH: Address;
  /** Native minting: `deposit`, `quoteDeposit`. */
  SpokePool: Address;
  /** The rate feed (`getRate`, `latestRoundData`). */
  RateReceiver: Address;
}

export interface HubChain {
  role: 'hub';
  chainId: number;
  /** LayerZero endpoint id. */
  eid: number;
  rpcUrl: string;
  contracts: HubContracts;
}

export interface SpokeChain {
  role: 'spoke';
  chainId: number;
  eid: number;
  rpcUrl: string;
  contracts: SpokeContracts;
}

export type ManifestChain = HubChain | SpokeChain;

/** A deployment manifest (`deployments/<network>.json`, written by the deploy step). */
export interface TributaryManifest {
  chains: Record<string, ManifestChain>;
}

const required = {
  hub: ['TrETH', 'TrETHAdapter', 'WithdrawalQueue', 'BackingLedger'],
  spoke: ['TrETH', 'SpokePool', 'RateReceiver'],
} as const;

/**
 * Checks that `value` is a deployment manifest with exactly one hub and the contracts the SDK
 * calls on every chain; throws a {@link ManifestError} naming the first bad field.
 *
 * @example
 * const manifest = parseManifest(await (await fetch('/deployments/local.json')).json());
 */
export function parseManifest(value: unknown, source = 'manifest'): TributaryManifest {
  const fail = (path: string, problem: string): never => {
    throw new ManifestError(`${source}: ${path} ${problem}`);
  };
  const chains = (value as { chains?: unknown } | null)?.chains;
  if (typeof chains !== 'object' || chains === null) return fail('chains', 'is missing');
  const entries = Object.entries(chains as Record<string, unknown>);
  const ids = new Set<number>();
  const eids = new Set<number>();
  let hubs = 0;
  for (const [name, raw] of entries) {
    const path = `chains.${name}`;
    if (typeof raw !== 'object' || raw === null) fail(path, 'must be an object');
    const chain = raw as Record<string, unknown>;
    if (chain.role !== 'hub' && chain.role !== 'spoke') fail(`${path}.role`, 'must be "hub" or "spoke"');
    if (chain.role === 'hub') hubs += 1;
    for (const [field, seen] of [['chainId', ids], ['eid', eids]] as const) {
      const id = chain[field];
      if (typeof id !== 'number' || !Number.isSafeInteger(id) || id <= 0) fail(`${path}.${field}`, 'must be a positive integer');
      if (seen.has(id as number)) fail(`${path}.${field}`, `${String(id)} is used by another chain`);
      seen.add(id as number);
    }
    if (typeof chain.rpcUrl !== 'string' || !/^(https?|wss?):\/\//.test(chain.rpcUrl)) fail(`${path}.rpcUrl`, 'must be an http(s) or ws(s) URL');
    const contracts = chain.contracts as Record<string, unknown> | undefined;
    for (const contract of required[chain.role as 'hub' | 'spoke']) {
      const address = contracts?.[contract];
      if (typeof address !== 'string' || !isAddress(address)) fail(`${path}.contracts.${contract}`, 'must be an address');
    }
  }
  if (hubs !== 1) fail('chains', `must have exactly one hub (found ${hubs})`);
  return value as TributaryManifest;
}

/** One chain of a manifest with its name, and optionally the label messages call it by ("Alpha L2"). */
export type ChainRef<C extends ManifestChain = ManifestChain> = C & { name: string; label?: string };

/**
 * The manifest's entry for `name`, as the actions take it; throws {@link UnsupportedChainError}
 * for a chain the manifest does not have.
 *
 * @example
 * const rate = await getRate(client, { chain: chainOf(manifest, 'alpha') });
 */
export function chainOf<M extends TributaryManifest>(manifest: M, name: Extract<keyof M['chains'], string>, label?: string): ChainRef {
  const entry = manifest.chains[name];
  if (!entry) throw new UnsupportedChainError(name);
  return { ...entry, name, ...(label === undefined ? {} : { label }) };
}

/** The manifest's hub (exactly one, as {@link parseManifest} checks). */
export function hubOf(manifest: TributaryManifest, label?: string): ChainRef<HubChain> {
  const name = Object.keys(manifest.chains).find((key) => manifest.chains[key]!.role === 'hub');
  if (name === undefined) throw new UnsupportedChainError('hub', 'is missing: the manifest has no hub chain');
  return chainOf(manifest, name, label) as ChainRef<HubChain>;
}

/** The spoke contracts of `chain`, or {@link UnsupportedChainError} on the hub. */
export function spokeContractsOf(chain: ChainRef): SpokeContracts {
  if (chain.role !== 'spoke') throw new UnsupportedChainError(chain.name, 'is the hub, not a spoke');
  return chain.contracts;
}
