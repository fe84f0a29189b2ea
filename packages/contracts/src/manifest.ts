import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { type Address, isAddress } from 'viem';
import { type ChainRole, chainNames, chains } from '@tributary/config';

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

/** The deployment manifest (`deployments/local.json`): the contract with integrators. */
export interface Manifest {
  chains: { hub: ManifestChain<'hub'>; alpha: ManifestChain<'spoke'>; beta: ManifestChain<'spoke'> };
}

export class ManifestError extends Error {
  override name = 'ManifestError';
}

const hubContractNames = [
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
const spokeContractNames = ['TrETH', 'SpokePool', 'RateReceiver', 'BridgeAdapter', 'Timelock', ...layerZeroContractNames] as const satisfies readonly (keyof SpokeContracts)[];

/** Checks that `value` is a manifest for the registry's chains; names the first bad field. */
export function parseManifest(value: unknown, source = 'manifest'): Manifest {
  const fail = (path: string, problem: string): never => {
    throw new ManifestError(`${source}: ${path} ${problem}`);
  };
  const root = value as { chains?: Record<string, unknown> } | null;
  if (typeof root !== 'object' || root === null || typeof root.chains !== 'object' || root.chains === null) {
    return fail('chains', 'is missing');
  }
  for (const name of chainNames) {
    const entry = root.chains[name] as Record<string, unknown> | undefined;
    const path = `chains.${name}`;
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

export function readManifest(path: string): Manifest {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new ManifestError(`${path}: not found. Start the devnet (\`pnpm dev\`) to deploy and write it.`);
  }
  return parseManifest(JSON.parse(text), path);
}

export function writeManifest(path: string, manifest: Manifest): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(parseManifest(manifest), null, 2)}\n`);
}
