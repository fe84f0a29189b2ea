/**
 * The devnet as a network: the registry's chains, LayerZero's own stack deployed on each, the
 * devnet bridge, the devnet accounts in every role (@tributary/config), wiring.json's parameters.
 */
import { type Address, type Hex, concatHex, encodeAbiParameters, keccak256, sliceHex } from 'viem';
import {
  type ChainName,
  chainNames,
  chains,
  devnetAccounts,
  devnetDvnSigners,
  devnetGuardians,
  devnetOperators,
  devnetOracleMembers,
  devnetRoles,
  devnetTimelockDelay,
} from '@tributary/config';
import { type Manifest, dvnNames, parseManifest } from '../manifest.ts';
import type { PathwayEntry } from '../lz-config/config.ts';
import { direction, kindsFor } from '../lz-config/topology.ts';
import type { Network } from './network.ts';
import { wiring } from './parameters.ts';
import type { SystemPlan } from './system.ts';

/** The executor name the devnet's pathways use for its one executor. */
export const DEVNET_EXECUTOR = 'Executor';
/** Blocks a packet must be in before the DVNs verify it (1: mined). */
const DEVNET_CONFIRMATIONS = 1;
/** Largest message the executor takes (the OFT and batch messages are a few hundred bytes). */
export const MAX_MESSAGE_SIZE = 10_000;
/**
 * ETH the devnet bridge's hub half starts with: on a real L1 the canonical bridge holds the ETH
 * deposited to the L2, out of which it pays withdrawals.
 */
const LOCAL_BRIDGE_LIQUIDITY = 1_000n * 10n ** 18n;

const account = (index: number): Address => devnetAccounts[index]!.address;

/** `genesisTime`: the hub's genesis block timestamp (the beacon simulator's genesis too). */
export function devnetNetwork(genesisTime: bigint): Network {
  const pathways: PathwayEntry[] = chainNames.flatMap((from) =>
    chainNames
      .filter((to) => to !== from && !(chains[from].role === 'hub' && chains[to].role === 'hub'))
      .map((to) => ({
        from,
        to,
        sendLibrary: 'SendUln302',
        receiveLibrary: 'ReceiveUln302',
        requiredDVNs: [...dvnNames],
        optionalDVNs: [],
        optionalDVNThreshold: 0,
        confirmations: DEVNET_CONFIRMATIONS,
        executor: DEVNET_EXECUTOR,
        maxMessageSize: MAX_MESSAGE_SIZE,
        enforcedOptions: kindsFor(direction(chains[from].role, chains[to].role)),
      })),
  );
  const timelockAdmin = account(devnetRoles.timelockAdmin);
  return {
    name: 'devnet',
    chains: chainNames.map((name) => ({
      name,
      role: chains[name].role,
      chainId: chains[name].chainId,
      eid: chains[name].eid,
      ...(chains[name].role === 'spoke' ? { bridge: { kind: 'local' as const } } : {}),
    })),
    pathways,
    parameters: wiring,
    roles: {
      timelock: { delay: devnetTimelockDelay, proposers: [timelockAdmin], executors: [timelockAdmin] },
      guardian: account(devnetRoles.guardian),
      treasury: account(devnetRoles.treasury),
      lossGuard: account(devnetRoles.lossGuard),
      oracleMembers: devnetOracleMembers.map(account),
      depositGuardians: devnetGuardians.map(account),
      depositQuorum: 2,
    },
    hub: {
      genesisTime,
      operators: devnetOperators.map((rewardAccount, operatorId) => ({
        name: `Devnet operator ${operatorId + 1}`,
        rewardAddress: account(rewardAccount),
        keys: { count: wiring.hub.keysPerOperator, ...devnetKeys(operatorId, wiring.hub.keysPerOperator) },
      })),
    },
    localLayerZero: { dvnSigners: devnetDvnSigners.map(account), executorAdmin: account(devnetRoles.lzDelivery) },
    localBridge: { relayer: account(devnetRoles.lzDelivery), liquidity: LOCAL_BRIDGE_LIQUIDITY },
    testnet: true,
  };
}

/** The manifest of a sent devnet plan, with the RPC each chain is served at. */
export function devnetManifest(plan: SystemPlan, rpcUrls: Readonly<Record<ChainName, string>>): Manifest {
  const entry = (name: ChainName) => ({ role: chains[name].role, chainId: chains[name].chainId, eid: chains[name].eid, rpcUrl: rpcUrls[name], contracts: plan.chains[name]!.contracts });
  return parseManifest({ chains: Object.fromEntries(chainNames.map((name) => [name, entry(name)])) }, 'the devnet deploy');
}

/** The account that deploys the devnet. */
export const devnetDeployer = devnetAccounts[devnetRoles.deployer]!;

/** Deterministic, well-formed (not BLS-valid) validator keys: the local deposit contract checks shapes and roots only. */
function devnetKeys(operatorId: number, count: number): { pubkeys: Hex; signatures: Hex } {
  const pubkeys: Hex[] = [];
  const signatures: Hex[] = [];
  for (let index = 0; index < count; index++) {
    const seed = keccak256(encodeAbiParameters([{ type: 'uint256' }, { type: 'uint256' }], [BigInt(operatorId), BigInt(index)]));
    pubkeys.push(concatHex([seed, sliceHex(keccak256(seed), 0, 16)]));
    signatures.push(concatHex([keccak256(concatHex([seed, '0x01'])), keccak256(concatHex([seed, '0x02'])), keccak256(concatHex([seed, '0x03']))]));
  }
  return { pubkeys: concatHex(pubkeys), signatures: concatHex(signatures) };
}
