/**
 * The deployment manifest's shape and its one parser. Browser-safe: reading and writing manifest
 * files is in `@tributary/contracts/node`.
 */
import { type Address, isAddress } from 'viem';
import { type ChainName, type ChainRole, type SpokeName, chainNames, chains } from '@tributary/config';

/**
 * LayerZero's production stack on one chain, deployed from LayerZero's own compiled artifacts:
 * the endpoint, ULN302 send and receive libraries, the executor and two DVNs (every Tributary
 * pathway requires both), and the price feed their fees are quoted from.
 */
export interface LayerZeroContracts {
  EndpointV2: Address;
  SendUln302: Address;
  ReceiveUln302: Address;
  /** Remote gas prices for the workers' fees (upgradeable: behind a proxy of LayerZeroProxyAdmin). */
  PriceFeed: Address;
  /** Paid on send to execute each packet on its destination (upgradeable: behind a proxy). */
  Executor: Address;
  DVN1: Address;
  DVN2: Address;
  /** Owns the PriceFeed and Executor proxies' upgrade path. */
  LayerZeroProxyAdmin: Address;
}

/** The DVNs every devnet pathway requires, by manifest name. */
export const dvnNames = ['DVN1', 'DVN2'] as const satisfies readonly (keyof LayerZeroContracts)[];
export type DvnName = (typeof dvnNames)[number];

export const layerZeroContractNames = [
  'EndpointV2',
  'SendUln302',
  'ReceiveUln302',
  'PriceFeed',
  'Executor',
  ...dvnNames,
  'LayerZeroProxyAdmin',
] as const satisfies readonly (keyof LayerZeroContracts)[];

export interface HubContracts extends LayerZeroContracts {
  TrETH: Address;
  TrETHAdapter: Address;
  RateBroadcaster: Address;
  WithdrawalQueue: Address;
  WithdrawalVault: Address;
  NodeOperatorRegistry: Address;
  TributaryOracle: Address;
  OracleReportSanityChecker: Address;
  /** The canonical WETH on public chains; a WETH9 deployment on local ones. */
  WETH: Address;
  /** The beacon chain deposit contract (a local stand-in with its interface on the devnet). */
  BeaconDepositContract: Address;
  /** The pool's only depositor: stakes buffered ETH on a guardian quorum's signatures. */
  DepositSecurityModule: Address;
  /** Receives spoke batches (accounting and ETH) and records what backs each spoke's trETH. */
  BackingLedger: Address;
  /** The devnet bridge's hub half: pays batch ETH from its liquidity (local chains only). */
  LocalBridgeHub: Address;
  /** OpenZeppelin TimelockController: owner, admin and LayerZero delegate of every hub contract (docs/roles.md). */
  Timelock: Address;
}

export interface SpokeContracts extends LayerZeroContracts {
  TrETH: Address;
  SpokePool: Address;
  RateReceiver: Address;
  /** Carries the pool's batch ETH to the hub (LocalSpokeBridge on the devnet). */
  BridgeAdapter: Address;
  /** OpenZeppelin TimelockController: owner and LayerZero delegate of every spoke contract (docs/roles.md). */
  Timelock: Address;
}

export interface ManifestChain<Role extends ChainRole = ChainRole> {
  role: Role;
  chainId: number;
  eid: number;
  rpcUrl: string;
  contracts: Role extends 'hub' ? HubContracts : SpokeContracts;
}

/**
 * The deployment manifest (`deployments/local.json`): the contract with integrators. Keyed by
 * registry name; it holds the chains the process runs (`chainNames`) and may hold more registry
 * spokes, so index it by a name from `chainNames`/`spokeNames` (or one `manifestChainNames` lists).
 */
export interface Manifest {
  chains: { hub: ManifestChain<'hub'> } & { [Spoke in SpokeName]: ManifestChain<'spoke'> };
}

export class ManifestError extends Error {
  override name = 'ManifestError';
}

export const hubContractNames = [
  'TrETH',
  'TrETHAdapter',
  'RateBroadcaster',
  'WithdrawalQueue',
  'WithdrawalVault',
  'NodeOperatorRegistry',
  'TributaryOracle',
  'OracleReportSanityChecker',
  'WETH',
  'BeaconDepositContract',
  'DepositSecurityModule',
  'BackingLedger',
  'LocalBridgeHub',
  'Timelock',
  ...layerZeroContractNames,
] as const satisfies readonly (keyof HubContracts)[];
export const spokeContractNames = ['TrETH', 'SpokePool', 'RateReceiver', 'BridgeAdapter', 'Timelock', ...layerZeroContractNames] as const satisfies readonly (keyof SpokeContracts)[];

/** The registry chains a manifest holds, in registry order. */
export function manifestChainNames(manifest: Manifest): ChainName[] {
  return (Object.keys(chains) as ChainName[]).filter((name) => name in manifest.chains);
}

/**
 * Checks that `value` is a manifest with every chain this process runs (`chainNames`) and only
 * registry chains, each matching its registry entry; names the first bad field.
 */
export function parseManifest(value: unknown, source = 'manifest'): Manifest {
  const fail = (path: string, problem: string): never => {
    throw new ManifestError(`${source}: ${path} ${problem}`);
  };
  const root = value as { chains?: Record<string, unknown> } | null;
  if (typeof root !== 'object' || root === null || typeof root.chains !== 'object' || root.chains === null) {
    return fail('chains', 'is missing');
  }
  const unknown = Object.keys(root.chains).find((name) => !(name in chains));
  if (unknown !== undefined) fail(`chains.${unknown}`, 'is not in the chain registry (@tributary/config)');
  // Registry order: the hub first, so errors read from the top.
  for (const name of Object.keys(chains) as ChainName[]) {
    if (!chainNames.includes(name) && !(name in root.chains)) continue;
    const path = `chains.${name}`;
    const entry = root.chains[name];
    if (typeof entry !== 'object' || entry === null) fail(path, 'is missing');
    const chain = entry as Record<string, unknown>;
    const expected = chains[name];
    if (chain.role !== expected.role) fail(`${path}.role`, `must be "${expected.role}"`);
    if (chain.chainId !== expected.chainId) fail(`${path}.chainId`, `must be ${expected.chainId}`);
    if (chain.eid !== expected.eid) fail(`${path}.eid`, `must be ${expected.eid}`);
    if (typeof chain.rpcUrl !== 'string' || !/^https?:\/\//.test(chain.rpcUrl)) fail(`${path}.rpcUrl`, 'must be an http(s) URL');
    const contracts = chain.contracts as Record<string, unknown> | undefined;
    const required = expected.role === 'hub' ? hubContractNames : spokeContractNames;
    for (const contract of required) {
      const address = contracts?.[contract];
      if (typeof address !== 'string' || !isAddress(address)) fail(`${path}.contracts.${contract}`, 'must be an address');
    }
  }
  return value as Manifest;
}
