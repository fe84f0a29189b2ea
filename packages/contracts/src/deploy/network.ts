/**
 * What a deploy needs to know about a network: its chains and LayerZero deployments, how each
 * spoke's ETH reaches the hub, who holds which role, and the parameters. The devnet's comes from
 * the chain registry (devnet.ts); a public network's from a file such as
 * contracts/config/networks/production.json, whose `chains` and `pathways` are also what
 * `lz:check` validates, and whose `deployment` section this module reads.
 */
import type { Address, Hex } from 'viem';
import { Issues, type LzConfigIssue, type PathwayEntry, addressMap, addressOf, formatIssue, integerOf, isRecord } from '../lz-config/config.ts';
import type { Role } from '../lz-config/topology.ts';
import { type DeployParameters, type ParametersFile, deployParameters, withOverrides, wiringJson } from './parameters.ts';

/** A chain's live LayerZero deployment, by the names the pathways use. */
export interface LiveLayerZero {
  endpoint: Address;
  messageLibs: Record<string, Address>;
  executors: Record<string, Address>;
  dvns: Record<string, Address>;
}

/** How a spoke's batch ETH reaches the hub, and what authenticates it there. */
export type Bridge =
  /** The devnet bridge: a LocalSpokeBridge event, delivered by the relayer to the hub's LocalBridgeHub. */
  | { kind: 'local' }
  /** OP Stack: the L2 messenger withdraws to the hub's OpStackHubReceiver, which checks the L1 messenger's sender. */
  | { kind: 'opStack'; hubMessenger: Address; spokeMessenger: Address; minGasLimit: number }
  /** Arbitrum: ArbSys withdraws to the hub's ArbitrumHubReceiver, which checks the Bridge's outbox sender. */
  | { kind: 'arbitrum'; hubBridge: Address };

export interface NetworkChain {
  name: string;
  role: Role;
  chainId: number;
  eid: number;
  /** Absent on local chains: the plan deploys LayerZero's own stack there (`Network.localLayerZero`). */
  layerZero?: LiveLayerZero;
  /** Spokes only. */
  bridge?: Bridge;
}

export interface Operator {
  name: string;
  rewardAddress: Address;
  /** Validator keys to register and allow at once (the devnet's); public operators add theirs later. */
  keys?: { count: number; pubkeys: Hex; signatures: Hex };
}

export interface Roles {
  /** Proposes, executes and cancels timelocked changes; `delay` seconds between proposal and execution. */
  timelock: { delay: number; proposers: Address[]; executors: Address[] };
  /** Pauses at once (docs/roles.md). */
  guardian: Address;
  treasury: Address;
  /** Pauses the hub's instant exits on a beacon loss the oracle has not reported yet. */
  lossGuard: Address;
  oracleMembers: Address[];
  depositGuardians: Address[];
  depositQuorum: number;
}

export interface Network {
  name: string;
  /** The hub first. */
  chains: NetworkChain[];
  pathways: PathwayEntry[];
  parameters: DeployParameters;
  roles: Roles;
  hub: {
    /** Deployed by the plan (WETH9, a local deposit contract) when absent. */
    weth?: Address;
    depositContract?: Address;
    /** Beacon chain genesis: the oracle's frames count slots from it. */
    genesisTime: bigint;
    operators: Operator[];
  };
  /** Chains without a live LayerZero get LayerZeroLabs' stack, with these workers. */
  localLayerZero?: { dvnSigners: Address[]; executorAdmin: Address };
  /** The devnet bridge's hub half: who delivers, and the ETH it pays landings from. */
  localBridge?: { relayer: Address; liquidity: bigint };
  /** Local chains use LayerZero's testnet endpoint ids. */
  testnet: boolean;
}

export class NetworkFileError extends Error {
  override name = 'NetworkFileError';
  constructor(
    readonly file: string,
    readonly issues: readonly LzConfigIssue[],
  ) {
    super(`${file} cannot be deployed (${issues.length} issue${issues.length === 1 ? '' : 's'}):\n${issues.map(formatIssue).join('\n')}`);
  }
}

export const hubOf = (network: Network): NetworkChain => network.chains.find((chain) => chain.role === 'hub')!;
export const spokesOf = (network: Network): NetworkChain[] => network.chains.filter((chain) => chain.role === 'spoke');

/**
 * Reads a network file (chains, pathways and a `deployment` section); throws `NetworkFileError`
 * naming every missing or malformed field, placeholders included, before anything is planned.
 * The pathways themselves are validated when planned (lz-config's policy: two DVNs and more).
 */
export function readNetworkFile(name: string, raw: unknown): Network {
  const issues = new Issues();
  const file = isRecord(raw) ? raw : {};
  const chainsRaw = isRecord(file.chains) ? file.chains : {};
  const deployment = isRecord(file.deployment) ? file.deployment : {};
  if (!isRecord(file.deployment)) issues.add('(file)', 'deployment', 'missing: roles, hub and bridges for the deploy');
  const bridges = isRecord(deployment.bridges) ? deployment.bridges : {};
  const list = (where: string, field: string, value: unknown): Address[] => {
    if (!Array.isArray(value) || value.length === 0) {
      issues.add(where, field, 'must be a non-empty list of addresses');
      return [];
    }
    return value.flatMap((entry, index) => addressOf(issues, where, `${field}[${index}]`, entry) ?? []);
  };

  const chains: NetworkChain[] = [];
  for (const [chainName, entry] of Object.entries(chainsRaw)) {
    if (chainName.startsWith('$') || !isRecord(entry)) continue;
    const where = `chains.${chainName}`;
    if (entry.role !== 'hub' && entry.role !== 'spoke') issues.add(where, 'role', `must be "hub" or "spoke", got ${JSON.stringify(entry.role)}`);
    const role = entry.role === 'hub' ? 'hub' : 'spoke';
    const chain: NetworkChain = {
      name: chainName,
      role,
      chainId: integerOf(issues, where, 'chainId', entry.chainId, 1, Number.MAX_SAFE_INTEGER) ?? 0,
      eid: integerOf(issues, where, 'eid', entry.eid, 1, 2 ** 32 - 1) ?? 0,
      layerZero: {
        endpoint: addressOf(issues, where, 'endpoint', entry.endpoint) ?? ('0x' as Address),
        messageLibs: addressMap(issues, where, 'messageLibs', entry.messageLibs),
        executors: addressMap(issues, where, 'executors', entry.executors),
        dvns: addressMap(issues, where, 'dvns', entry.dvns),
      },
    };
    if (role === 'spoke') chain.bridge = readBridge(issues, `deployment.bridges.${chainName}`, bridges[chainName]);
    chains.push(chain);
  }
  chains.sort((a, b) => (a.role === b.role ? 0 : a.role === 'hub' ? -1 : 1));

  const rolesRaw = isRecord(deployment.roles) ? deployment.roles : {};
  const timelockRaw = isRecord(rolesRaw.timelock) ? rolesRaw.timelock : {};
  const where = 'deployment.roles';
  const roles: Roles = {
    timelock: {
      delay: integerOf(issues, `${where}.timelock`, 'delay', timelockRaw.delay, 1, 30 * 86_400) ?? 0,
      proposers: list(`${where}.timelock`, 'proposers', timelockRaw.proposers),
      executors: list(`${where}.timelock`, 'executors', timelockRaw.executors),
    },
    guardian: addressOf(issues, where, 'guardian', rolesRaw.guardian) ?? ('0x' as Address),
    treasury: addressOf(issues, where, 'treasury', rolesRaw.treasury) ?? ('0x' as Address),
    lossGuard: addressOf(issues, where, 'lossGuard', rolesRaw.lossGuard) ?? ('0x' as Address),
    oracleMembers: list(where, 'oracleMembers', rolesRaw.oracleMembers),
    depositGuardians: list(where, 'depositGuardians', rolesRaw.depositGuardians),
    depositQuorum: integerOf(issues, where, 'depositQuorum', rolesRaw.depositQuorum, 1, 100) ?? 0,
  };
  const guardiansListed = Array.isArray(rolesRaw.depositGuardians) ? rolesRaw.depositGuardians.length : 0;
  if (roles.depositQuorum > guardiansListed) issues.add(where, 'depositQuorum', `exceeds the ${guardiansListed} deposit guardians`);

  const hubRaw = isRecord(deployment.hub) ? deployment.hub : {};
  const hub: Network['hub'] = {
    weth: addressOf(issues, 'deployment.hub', 'weth', hubRaw.weth),
    depositContract: addressOf(issues, 'deployment.hub', 'depositContract', hubRaw.depositContract),
    genesisTime: BigInt(integerOf(issues, 'deployment.hub', 'genesisTime', hubRaw.genesisTime, 1, Number.MAX_SAFE_INTEGER) ?? 0),
    operators: [],
  };

  let parameters: DeployParameters | undefined;
  try {
    parameters = deployParameters(withOverrides<ParametersFile>(wiringJson, deployment.parameters ?? {}, 'deployment.parameters'));
  } catch (error) {
    issues.add('deployment', 'parameters', error instanceof Error ? error.message : String(error));
  }
  // A testnet (Sepolia and its L2s) uses LayerZero's 40xxx endpoint ids; mainnet's are 30xxx.
  if (deployment.testnet !== undefined && typeof deployment.testnet !== 'boolean') issues.add('deployment', 'testnet', 'must be true or false');
  const testnet = deployment.testnet === true;
  if (issues.list.length > 0 || !parameters) throw new NetworkFileError(name, issues.list);
  return { name, chains, pathways: (file.pathways ?? []) as PathwayEntry[], parameters, roles, hub, testnet };
}

function readBridge(issues: Issues, where: string, raw: unknown): Bridge {
  if (!isRecord(raw)) {
    issues.add(where, '(entry)', 'missing: how this spoke sends its ETH to the hub ({"kind": "opStack" | "arbitrum", ...})');
    return { kind: 'local' };
  }
  if (raw.kind === 'opStack') {
    return {
      kind: 'opStack',
      hubMessenger: addressOf(issues, where, 'hubMessenger', raw.hubMessenger) ?? ('0x' as Address),
      spokeMessenger: addressOf(issues, where, 'spokeMessenger', raw.spokeMessenger) ?? ('0x' as Address),
      minGasLimit: integerOf(issues, where, 'minGasLimit', raw.minGasLimit, 1, 2 ** 32 - 1) ?? 0,
    };
  }
  if (raw.kind === 'arbitrum') return { kind: 'arbitrum', hubBridge: addressOf(issues, where, 'hubBridge', raw.hubBridge) ?? ('0x' as Address) };
  issues.add(where, 'kind', `must be "opStack" or "arbitrum" (the local bridge is the devnet's only), got ${JSON.stringify(raw.kind)}`);
  return { kind: 'local' };
}
