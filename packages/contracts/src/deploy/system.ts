/**
 * The one description of a Tributary deployment: what is deployed on each chain with which
 * constructor arguments, how the pieces are wired to each other and across chains, and how every
 * contract is handed to its chain's timelock. It only plans (plan.ts): the same plan is printed
 * for review (`deploy --plan`) or sent (send.ts), for the devnet and for a public network alike.
 */
import { type Abi, type Address, getContractAddress, keccak256, toBytes, zeroAddress, zeroHash } from 'viem';
import * as abis from '../generated/abis.ts';
import * as bytecode from '../generated/bytecode.ts';
import { addressToBytes32 } from '../layerzero.ts';
import { assertEconomics } from '../economics.ts';
import { validateProductionConfig } from '../lz-config/config.ts';
import { encodePathwayCalls } from '../lz-config/encode.ts';
import { oappsByRole } from '../lz-config/topology.ts';
import { dvnNames } from '../manifest.ts';
import { DEVNET_EXECUTOR, MAX_MESSAGE_SIZE } from './devnet.ts';
import { type LiveLayerZero, type Network, type NetworkChain, hubOf, spokesOf } from './network.ts';
import { wiring } from './parameters.ts';
import { type Artifact, ChainPlan, PlanError, encodeCall } from './plan.ts';

const artifact = (abi: Abi, code: `0x${string}`): Artifact => ({ abi, bytecode: code });
const artifacts = {
  EndpointV2: artifact(abis.endpointV2Abi, bytecode.endpointV2Bytecode),
  SendUln302: artifact(abis.sendUln302Abi, bytecode.sendUln302Bytecode),
  ReceiveUln302: artifact(abis.receiveUln302Abi, bytecode.receiveUln302Bytecode),
  PriceFeed: artifact(abis.priceFeedAbi, bytecode.priceFeedBytecode),
  Executor: artifact(abis.executorAbi, bytecode.executorBytecode),
  ExecutorFeeLib: artifact(abis.executorFeeLibAbi, bytecode.executorFeeLibBytecode),
  DVN: artifact(abis.dvnAbi, bytecode.dvnBytecode),
  DVNFeeLib: artifact(abis.dvnFeeLibAbi, bytecode.dvnFeeLibBytecode),
  TransparentUpgradeableProxy: artifact(abis.transparentUpgradeableProxyAbi, bytecode.transparentUpgradeableProxyBytecode),
  ProxyAdmin: artifact(abis.proxyAdminAbi, bytecode.proxyAdminBytecode),
  WETH9: artifact(abis.weth9Abi, bytecode.weth9Bytecode),
  BeaconDepositContract: artifact(abis.beaconDepositContractAbi, bytecode.beaconDepositContractBytecode),
  NodeOperatorRegistry: artifact(abis.nodeOperatorRegistryAbi, bytecode.nodeOperatorRegistryBytecode),
  TrETH: artifact(abis.trETHAbi, bytecode.trETHBytecode),
  OracleReportSanityChecker: artifact(abis.oracleReportSanityCheckerAbi, bytecode.oracleReportSanityCheckerBytecode),
  WithdrawalQueue: artifact(abis.withdrawalQueueAbi, bytecode.withdrawalQueueBytecode),
  TributaryOracle: artifact(abis.tributaryOracleAbi, bytecode.tributaryOracleBytecode),
  DepositSecurityModule: artifact(abis.depositSecurityModuleAbi, bytecode.depositSecurityModuleBytecode),
  TrETHAdapter: artifact(abis.trETHAdapterAbi, bytecode.trETHAdapterBytecode),
  BackingLedger: artifact(abis.backingLedgerAbi, bytecode.backingLedgerBytecode),
  RateBroadcaster: artifact(abis.rateBroadcasterAbi, bytecode.rateBroadcasterBytecode),
  LocalBridgeHub: artifact(abis.localBridgeHubAbi, bytecode.localBridgeHubBytecode),
  LocalSpokeBridge: artifact(abis.localSpokeBridgeAbi, bytecode.localSpokeBridgeBytecode),
  OpStackHubReceiver: artifact(abis.opStackHubReceiverAbi, bytecode.opStackHubReceiverBytecode),
  OpStackSpokeAdapter: artifact(abis.opStackSpokeAdapterAbi, bytecode.opStackSpokeAdapterBytecode),
  ArbitrumHubReceiver: artifact(abis.arbitrumHubReceiverAbi, bytecode.arbitrumHubReceiverBytecode),
  ArbitrumSpokeAdapter: artifact(abis.arbitrumSpokeAdapterAbi, bytecode.arbitrumSpokeAdapterBytecode),
  TrETHOFT: artifact(abis.trETHOFTAbi, bytecode.trETHOFTBytecode),
  RateReceiver: artifact(abis.rateReceiverAbi, bytecode.rateReceiverBytecode),
  SpokePool: artifact(abis.spokePoolAbi, bytecode.spokePoolBytecode),
  TimelockController: artifact(abis.timelockControllerAbi, bytecode.timelockControllerBytecode),
} as const;

/**
 * What the devnet's LayerZero workers charge, priced as on a public network: every chain's gas at
 * 1 gwei (16 gas a calldata byte), the same native token everywhere, and LayerZero's default 20%
 * premium. The executor charges its base gas on top of the enforced receive/compose gas; a DVN
 * charges the gas of one verification.
 */
const LOCAL_LAYERZERO_FEES = {
  price: { priceRatio: 10n ** 20n, gasPriceInUnit: 1_000_000_000n, gasPerByte: 16 },
  multiplierBps: 12_000,
  executor: { lzReceiveBaseGas: 100_000n, lzComposeBaseGas: 50_000n, nativeCap: 10n ** 18n },
  dvnGas: 200_000n,
  /** Wei per whole native token (18 decimals), as the fee libraries expect. */
  nativeDecimalsRate: 10n ** 18n,
} as const;
/** PriceFeed keys prices by eid modulo 30,000, LayerZero's chain id within an environment. */
const priceFeedEid = (eid: number) => eid % 30_000;

const role = (name: string) => keccak256(toBytes(name));
/** AccessControl roles the plan grants or revokes, by hash: `--plan` prints their names. */
export const roleNames = Object.fromEntries(
  ['KEEPER_ROLE', 'PAUSER_ROLE', 'PROPOSER_ROLE', 'CANCELLER_ROLE', 'EXECUTOR_ROLE'].map((name) => [role(name), name]).concat([[zeroHash, 'DEFAULT_ADMIN_ROLE']]),
) as Record<`0x${string}`, string>;
const DEFAULT_ADMIN_ROLE = zeroHash;

export interface PlanOptions {
  /**
   * The account that sends every transaction, on every chain; or one per chain, where the chains
   * share one EVM (the forge fixture), so their contracts do not collide.
   */
  deployer: Address | Readonly<Record<string, Address>>;
  /** Its next nonce on each chain (0 on a fresh account). */
  nonces: Readonly<Record<string, number>>;
}

export interface SystemPlan {
  network: Network;
  /** By chain name, the hub first. */
  chains: Record<string, ChainPlan>;
}

/** Plans the whole system on `network`; refuses economically unsafe parameters or a bad pathway config first. */
export function planSystem(network: Network, options: PlanOptions): SystemPlan {
  assertEconomics(network.parameters);
  assertSafeNetwork(network, typeof options.deployer === 'string' ? [options.deployer] : Object.values(options.deployer));
  const plans = Object.fromEntries(
    network.chains.map((chain) => {
      const nonce = options.nonces[chain.name];
      if (nonce === undefined) throw new PlanError(`no nonce for the deployer on ${chain.name}`);
      const deployer = typeof options.deployer === 'string' ? options.deployer : options.deployer[chain.name];
      if (deployer === undefined) throw new PlanError(`no deployer for ${chain.name}`);
      return [chain.name, new ChainPlan(chain.name, deployer, nonce)];
    }),
  );
  const layerZero = Object.fromEntries(network.chains.map((chain) => [chain.name, chain.layerZero ?? planLayerZero(plans[chain.name]!, chain, network)]));
  const hub = hubOf(network);
  planHub(plans[hub.name]!, network, layerZero[hub.name]!.endpoint);
  for (const spoke of spokesOf(network)) planSpoke(plans[spoke.name]!, network, layerZero[spoke.name]!.endpoint, hub.eid);
  for (const spoke of spokesOf(network)) planBridge(plans[hub.name]!, plans[spoke.name]!, spoke, network);
  // Every route is secured before it opens: verifiers, enforced gas and limits, then the pause
  // keys, and only then the peers that let messages through, before the timelock takes over.
  const peers = planPathways(plans, network, layerZero);
  planRateLimits(plans, network);
  for (const chain of network.chains) planGuardians(plans[chain.name]!, chain, network);
  for (const peer of peers) plans[peer.chain]!.call(peer.oappName, peer.oapp, abis.backingLedgerAbi, 'setPeer', [peer.eid, addressToBytes32(peer.peer)]);
  for (const chain of network.chains) planHandover(plans[chain.name]!, chain, network);
  return { network, chains: plans };
}

/** How late a report and its rate broadcast may reach the spokes before their rate goes stale. */
export const RATE_DELIVERY_SLACK_SECONDS = 3_600;

/** ETH deposited for the withdrawal queue's own trETH at deploy (1 gwei). */
const QUEUE_BALANCE_SEED = 1_000_000_000n;

/** Shortest timelock delay a public network may use: a day to see a change coming and leave. */
export const MIN_PUBLIC_TIMELOCK_DELAY = 86_400;

/**
 * Refuses a network whose deploy would end unsafe though every transaction succeeds: a deployer
 * that keeps a role, a timelock nobody can use or one the guardian also runs, a public delay too
 * short to react to, a route whose limit strands every transfer, a cap of zero, or receive gas
 * below what the forge gas tests prove the receive needs (wiring.json's).
 */
export function assertSafeNetwork(network: Network, deployers: readonly Address[]): void {
  const problems: string[] = [];
  const { roles, parameters: p } = network;
  const same = (a: Address, b: Address) => a.toLowerCase() === b.toLowerCase();
  const holders: [string, readonly Address[]][] = [
    ['timelock proposers', roles.timelock.proposers],
    ['timelock executors', roles.timelock.executors],
    ['guardian', [roles.guardian]],
    ['treasury', [roles.treasury]],
    ['loss guard', [roles.lossGuard]],
    ['oracle members', roles.oracleMembers],
    ['deposit guardians', roles.depositGuardians],
  ];
  for (const [role, accounts] of holders) {
    if (accounts.some((account) => deployers.some((deployer) => same(account, deployer)))) problems.push(`${role}: the deployer must hold nothing once the deploy ends (docs/roles.md)`);
  }
  if (roles.timelock.proposers.length === 0 || roles.timelock.executors.length === 0) problems.push('timelock: needs at least one proposer and one executor, or no change can ever be made');
  if ([...roles.timelock.proposers, ...roles.timelock.executors].some((account) => same(account, roles.guardian))) {
    problems.push('guardian: must not also run the timelock: the pause key is separate from the keys that change and unpause (docs/roles.md)');
  }
  if (!network.testnet && roles.timelock.delay < MIN_PUBLIC_TIMELOCK_DELAY) problems.push(`timelock delay: ${roles.timelock.delay} s is under the ${MIN_PUBLIC_TIMELOCK_DELAY} s a public network needs to react to a change`);
  const positive: [string, bigint | number][] = [
    ['oftRateLimit.limit', p.oftRateLimit.limit],
    ['oftRateLimit.window', p.oftRateLimit.window],
    ['oftInboundRateLimit.limit', p.oftInboundRateLimit.limit],
    ['oftInboundRateLimit.window', p.oftInboundRateLimit.window],
    ['backingLedger.maxInTransit', p.backingLedger.maxInTransit],
    ['spokePool.mintCap', p.spokePool.mintCap],
    ['spokePool.maxPendingShares', p.spokePool.maxPendingShares],
  ];
  for (const [name, value] of positive) if (BigInt(value) <= 0n) problems.push(`parameters.${name}: must be above zero (zero refuses or strands every transfer on the route)`);
  for (const [kind, gas] of Object.entries(p.enforcedGas)) {
    const floor = wiring.enforcedGas[kind as keyof typeof wiring.enforcedGas];
    if (gas < floor) problems.push(`parameters.enforcedReceiveGas.${kind}: ${gas} is under the ${floor} the forge gas tests prove the receive needs (wiring.json)`);
  }
  // A spoke refuses deposits once its rate is older than maxRateAge: it must outlive one oracle
  // frame plus a late report's delivery, or every spoke stops minting before each report.
  const frameSeconds = p.oracle.secondsPerSlot * p.oracle.slotsPerFrame;
  if (p.spokePool.maxRateAge < frameSeconds + RATE_DELIVERY_SLACK_SECONDS) {
    problems.push(
      `parameters.spokePool.maxRateAge: ${p.spokePool.maxRateAge} s does not outlive an oracle frame (${frameSeconds} s) plus ${RATE_DELIVERY_SLACK_SECONDS} s for a late report to reach the spokes: spokes would refuse deposits before every report`,
    );
  }
  // Nor may it span two frames: a spoke could then price two reports behind the hub, and minting
  // there buys (1 - fee)(1 + rise limit)^2 of hub value, more than the ETH paid (docs/economics.md,
  // section 3). A local devnet's seconds-long frames are exempt: its relayer pushes every rate.
  if (!network.testnet && p.spokePool.maxRateAge >= 2 * frameSeconds) {
    problems.push(
      `parameters.spokePool.maxRateAge: ${p.spokePool.maxRateAge} s spans two oracle frames (${2 * frameSeconds} s): a spoke could mint two reports behind the hub, below what a batch can back`,
    );
  }
  if (p.enforcedComposeGas.oftCompose < wiring.enforcedComposeGas.oftCompose) {
    problems.push(`parameters.enforcedComposeGas.oftCompose: ${p.enforcedComposeGas.oftCompose} is under wiring.json's ${wiring.enforcedComposeGas.oftCompose}`);
  }
  if (problems.length > 0) throw new PlanError(`${network.name} would deploy unsafe:\n${problems.map((problem) => `  ${problem}`).join('\n')}`);
}

/**
 * LayerZero's production stack on a local chain, from its shipped artifacts: EndpointV2 with
 * SendUln302 and ReceiveUln302 as its default libraries, a PriceFeed and an Executor (both
 * upgradeable, behind proxies), and one DVN per signer (quorum 1 each). The executor admin
 * executes packets; the deployer keeps LayerZero's own admin keys, as LayerZero Labs does.
 */
function planLayerZero(plan: ChainPlan, chain: NetworkChain, network: Network): LiveLayerZero {
  const local = network.localLayerZero;
  if (!local) throw new PlanError(`${chain.name} has no LayerZero deployment, and ${network.name} deploys none`);
  const owner = plan.from;
  const remotes = network.chains.filter((other) => other !== chain).map((other) => other.eid);
  const endpoint = plan.deploy('EndpointV2', 'EndpointV2', artifacts.EndpointV2, [chain.eid, owner]);
  // No treasury: LayerZero's own fee share is zero locally.
  const sendUln = plan.deploy('SendUln302', 'SendUln302', artifacts.SendUln302, [endpoint, 0n, 0n]);
  const receiveUln = plan.deploy('ReceiveUln302', 'ReceiveUln302', artifacts.ReceiveUln302, [endpoint]);
  plan.call('EndpointV2', endpoint, abis.endpointV2Abi, 'registerLibrary', [sendUln]);
  plan.call('EndpointV2', endpoint, abis.endpointV2Abi, 'registerLibrary', [receiveUln]);

  const proxyAdmin = plan.deploy('LayerZeroProxyAdmin', 'ProxyAdmin', artifacts.ProxyAdmin, [owner]);
  const proxied = (name: string, implementation: Artifact, initialize: { abi: Abi; args: readonly unknown[] }) => {
    const logic = plan.deploy(null, name, implementation);
    const data = encodeCall(initialize.abi, 'initialize', initialize.args);
    return plan.deploy(name, 'TransparentUpgradeableProxy', artifacts.TransparentUpgradeableProxy, [logic, proxyAdmin, data]);
  };
  const priceFeed = proxied('PriceFeed', artifacts.PriceFeed, { abi: abis.priceFeedAbi, args: [owner] });
  plan.call('PriceFeed', priceFeed, abis.priceFeedAbi, 'setPrice', [remotes.map((remote) => ({ eid: priceFeedEid(remote), price: LOCAL_LAYERZERO_FEES.price }))]);
  const executor = proxied('Executor', artifacts.Executor, {
    abi: abis.executorAbi,
    args: [endpoint, zeroAddress, [sendUln], priceFeed, owner, [owner, local.executorAdmin]],
  });
  const executorFeeLib = plan.deploy(null, 'ExecutorFeeLib', artifacts.ExecutorFeeLib, [chain.eid, LOCAL_LAYERZERO_FEES.nativeDecimalsRate]);
  plan.call('Executor', executor, abis.executorAbi, 'setWorkerFeeLib', [executorFeeLib]);
  const { multiplierBps } = LOCAL_LAYERZERO_FEES;
  plan.call('Executor', executor, abis.executorAbi, 'setDstConfig', [
    remotes.map((dstEid) => ({ dstEid, ...LOCAL_LAYERZERO_FEES.executor, multiplierBps, floorMarginUSD: 0n })),
  ]);

  const dvnFeeLib = plan.deploy(null, 'DVNFeeLib', artifacts.DVNFeeLib, [chain.eid, LOCAL_LAYERZERO_FEES.nativeDecimalsRate]);
  const dvns: Record<string, Address> = {};
  for (const [index, signer] of local.dvnSigners.entries()) {
    const name = dvnNames[index];
    if (name === undefined) throw new PlanError(`${chain.name}: ${local.dvnSigners.length} DVN signers, the manifest names ${dvnNames.length} DVNs`);
    // A DVN's vid is part of what its signers sign: distinct per DVN, so no signature fits another.
    const vid = index * 100_000 + priceFeedEid(chain.eid);
    const dvn = plan.deploy(name, 'DVN', artifacts.DVN, [chain.eid, vid, [sendUln], priceFeed, [signer], 1n, [owner, signer]]);
    plan.call(name, dvn, abis.dvnAbi, 'setWorkerFeeLib', [dvnFeeLib]);
    plan.call(name, dvn, abis.dvnAbi, 'setDstConfig', [remotes.map((dstEid) => ({ dstEid, gas: LOCAL_LAYERZERO_FEES.dvnGas, multiplierBps, floorMarginUSD: 0n }))]);
    dvns[name] = dvn;
  }

  // Library defaults (the same DVNs): the endpoint only accepts an OApp's library for an eid its defaults support.
  const requiredDVNs = Object.values(dvns).sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
  const uln = { confirmations: 1n, requiredDVNCount: requiredDVNs.length, optionalDVNCount: 0, optionalDVNThreshold: 0, requiredDVNs, optionalDVNs: [] };
  plan.call('SendUln302', sendUln, abis.sendUln302Abi, 'setDefaultUlnConfigs', [remotes.map((eid) => ({ eid, config: uln }))]);
  plan.call('SendUln302', sendUln, abis.sendUln302Abi, 'setDefaultExecutorConfigs', [remotes.map((eid) => ({ eid, config: { maxMessageSize: MAX_MESSAGE_SIZE, executor } }))]);
  plan.call('ReceiveUln302', receiveUln, abis.receiveUln302Abi, 'setDefaultUlnConfigs', [remotes.map((eid) => ({ eid, config: uln }))]);
  for (const remote of remotes) {
    plan.call('EndpointV2', endpoint, abis.endpointV2Abi, 'setDefaultSendLibrary', [remote, sendUln]);
    plan.call('EndpointV2', endpoint, abis.endpointV2Abi, 'setDefaultReceiveLibrary', [remote, receiveUln, 0n]);
  }
  return { endpoint, messageLibs: { SendUln302: sendUln, ReceiveUln302: receiveUln }, executors: { [DEVNET_EXECUTOR]: executor }, dvns };
}

/**
 * The hub staking protocol: WETH and the deposit contract (local stand-ins where the network has
 * none), the operator registry (and the devnet's operators), the pool, its oracle committee,
 * sanity checker, withdrawal queue and deposit security module, and the LayerZero side (the
 * lockbox, the rate broadcaster and the backing ledger).
 */
function planHub(plan: ChainPlan, network: Network, endpoint: Address): void {
  const { parameters: p, roles } = network;
  const deployer = plan.from;
  const weth = network.hub.weth ?? plan.deploy(null, 'WETH9', artifacts.WETH9);
  const depositContract = network.hub.depositContract ?? plan.deploy(null, 'BeaconDepositContract', artifacts.BeaconDepositContract);
  plan.record('WETH', weth);
  plan.record('BeaconDepositContract', depositContract);
  const registry = plan.deploy('NodeOperatorRegistry', 'NodeOperatorRegistry', artifacts.NodeOperatorRegistry, [deployer, p.hub.maxOperatorShareBps]);
  const trETH = plan.deploy(
    'TrETH',
    'TrETH',
    artifacts.TrETH,
    [deployer, weth, depositContract, registry, roles.treasury, p.hub.feeBps, p.hub.treasuryShareBps, BigInt(p.oracle.secondsPerSlot)],
    p.hub.seedDeposit,
  );
  // TrETH's constructor creates the vault, its first creation (a contract's nonces start at 1).
  plan.record('WithdrawalVault', getContractAddress({ from: trETH, nonce: 1n }));
  const checker = plan.deploy('OracleReportSanityChecker', 'OracleReportSanityChecker', artifacts.OracleReportSanityChecker, [deployer, p.oracle.sanityLimits]);
  const queue = plan.deploy('WithdrawalQueue', 'WithdrawalQueue', artifacts.WithdrawalQueue, [trETH, deployer]);
  const frameConfig = { genesisTime: network.hub.genesisTime, secondsPerSlot: BigInt(p.oracle.secondsPerSlot), slotsPerFrame: BigInt(p.oracle.slotsPerFrame) };
  const oracle = plan.deploy('TributaryOracle', 'TributaryOracle', artifacts.TributaryOracle, [deployer, trETH, frameConfig]);
  plan.call('NodeOperatorRegistry', registry, abis.nodeOperatorRegistryAbi, 'setPool', [trETH]);
  plan.call('TrETH', trETH, abis.trETHAbi, 'setSanityChecker', [checker]);
  plan.call('TrETH', trETH, abis.trETHAbi, 'setWithdrawalQueue', [queue]);
  // trETH that no request owns: the pool burns the queue's finalized shares, and a queue left with
  // none would make its next request pay for a fresh balance slot (17k gas, WithdrawalQueue.sol).
  plan.call('TrETH', trETH, abis.trETHAbi, 'depositETH', [queue, 0n], QUEUE_BALANCE_SEED);
  plan.call('TrETH', trETH, abis.trETHAbi, 'setOracle', [oracle]);
  // The DepositSecurityModule is the pool's only depositor; the keeper goes through it.
  const dsm = plan.deploy('DepositSecurityModule', 'DepositSecurityModule', artifacts.DepositSecurityModule, [
    deployer,
    trETH,
    depositContract,
    registry,
    roles.depositGuardians,
    BigInt(roles.depositQuorum),
    p.depositSecurity,
  ]);
  plan.call('TrETH', trETH, abis.trETHAbi, 'grantRole', [role('KEEPER_ROLE'), dsm]);
  // The guardian pauses at once (docs/roles.md); the deployer never holds a pause key.
  plan.call('TrETH', trETH, abis.trETHAbi, 'grantRole', [role('PAUSER_ROLE'), roles.guardian]);
  plan.call('TrETH', trETH, abis.trETHAbi, 'grantRole', [role('PAUSER_ROLE'), roles.lossGuard]);
  plan.call('WithdrawalQueue', queue, abis.withdrawalQueueAbi, 'grantRole', [role('PAUSER_ROLE'), roles.guardian]);
  for (const member of roles.oracleMembers) plan.call('TributaryOracle', oracle, abis.tributaryOracleAbi, 'addMember', [member]);
  for (const [operatorId, operator] of network.hub.operators.entries()) {
    plan.call('NodeOperatorRegistry', registry, abis.nodeOperatorRegistryAbi, 'addOperator', [operator.name, operator.rewardAddress]);
    if (!operator.keys) continue;
    const { count, pubkeys, signatures } = operator.keys;
    plan.call('NodeOperatorRegistry', registry, abis.nodeOperatorRegistryAbi, 'addSigningKeys', [BigInt(operatorId), BigInt(count), pubkeys, signatures]);
    plan.call('NodeOperatorRegistry', registry, abis.nodeOperatorRegistryAbi, 'setStakingLimit', [BigInt(operatorId), BigInt(count)]);
  }

  const lockbox = plan.deploy('TrETHAdapter', 'TrETHAdapter', artifacts.TrETHAdapter, [trETH, endpoint, deployer]);
  const ledger = plan.deploy('BackingLedger', 'BackingLedger', artifacts.BackingLedger, [trETH, lockbox, endpoint, deployer]);
  plan.call('TrETH', trETH, abis.trETHAbi, 'setBackingLedger', [ledger]);
  plan.call('BackingLedger', ledger, abis.backingLedgerAbi, 'setUnbackedThreshold', [p.backingLedger.unbackedThreshold]);
  plan.deploy('RateBroadcaster', 'RateBroadcaster', artifacts.RateBroadcaster, [trETH, endpoint, deployer]);
  if (network.localBridge) {
    const bridge = plan.deploy('LocalBridgeHub', 'LocalBridgeHub', artifacts.LocalBridgeHub, [ledger, deployer]);
    plan.call('LocalBridgeHub', bridge, abis.localBridgeHubAbi, 'setRelayer', [network.localBridge.relayer]);
    plan.call('LocalBridgeHub', bridge, abis.localBridgeHubAbi, 'fund', [], network.localBridge.liquidity);
  }
}

/** A spoke: its trETH OFT, the rate receiver, and the pool that mints at the received rate. */
function planSpoke(plan: ChainPlan, network: Network, endpoint: Address, hubEid: number): void {
  const { parameters: p } = network;
  const token = plan.deploy('TrETH', 'TrETHOFT', artifacts.TrETHOFT, [endpoint, plan.from]);
  const { maxIncreaseBps, maxDecreaseBps, maxAnnualGrowthBps } = p.rateReceiver;
  const receiver = plan.deploy('RateReceiver', 'RateReceiver', artifacts.RateReceiver, [endpoint, plan.from, maxIncreaseBps, maxDecreaseBps, maxAnnualGrowthBps]);
  const pool = plan.deploy('SpokePool', 'SpokePool', artifacts.SpokePool, [token, receiver, endpoint, hubEid, plan.from, p.spokePool]);
  plan.call('TrETH', token, abis.trETHOFTAbi, 'setMinter', [pool]);
  plan.call('RateReceiver', receiver, abis.rateReceiverAbi, 'setRateConsumer', [pool]);
}

/**
 * The spoke's bridge adapter and what receives its ETH on the hub, then the ledger's record of the
 * spoke. A canonical bridge's halves name each other in their constructors: the spoke adapter's
 * address is planned before the hub receiver is.
 */
function planBridge(hub: ChainPlan, spoke: ChainPlan, chain: NetworkChain, network: Network): void {
  const pool = spoke.get('SpokePool');
  const ledger = hub.get('BackingLedger');
  const bridge = chain.bridge ?? { kind: 'local' };
  let hubReceiver: Address;
  if (bridge.kind === 'local') {
    hubReceiver = hub.get('LocalBridgeHub');
    spoke.deploy('BridgeAdapter', 'LocalSpokeBridge', artifacts.LocalSpokeBridge, [pool, hubReceiver, chain.eid]);
  } else {
    const adapter = spoke.nextAddress();
    const receiverName = `BridgeReceiver.${chain.name}`;
    if (bridge.kind === 'opStack') {
      hubReceiver = hub.deploy(receiverName, 'OpStackHubReceiver', artifacts.OpStackHubReceiver, [ledger, chain.eid, bridge.hubMessenger, adapter]);
      spoke.deploy('BridgeAdapter', 'OpStackSpokeAdapter', artifacts.OpStackSpokeAdapter, [pool, hubReceiver, bridge.spokeMessenger, bridge.minGasLimit]);
    } else {
      hubReceiver = hub.deploy(receiverName, 'ArbitrumHubReceiver', artifacts.ArbitrumHubReceiver, [ledger, chain.eid, bridge.hubBridge, adapter]);
      spoke.deploy('BridgeAdapter', 'ArbitrumSpokeAdapter', artifacts.ArbitrumSpokeAdapter, [pool, hubReceiver]);
    }
    if (spoke.get('BridgeAdapter') !== adapter) throw new PlanError(`${chain.name}: the bridge adapter was planned at another address than its hub receiver names`);
  }
  spoke.call('SpokePool', pool, abis.spokePoolAbi, 'setBridgeAdapter', [spoke.get('BridgeAdapter')]);
  hub.call('BackingLedger', ledger, abis.backingLedgerAbi, 'setSpoke', [chain.eid, hubReceiver, network.parameters.backingLedger.maxInTransit]);
}

interface Peer {
  chain: string;
  oappName: string;
  oapp: Address;
  eid: number;
  peer: Address;
}

/**
 * Every pathway, as lz:check validates it (two DVNs at least, ULN302 only, enforced gas for every
 * message kind): libraries, executor and DVN config, and enforced options. Returns the peers of
 * every OApp pair on them, both ends, for the plan to set once the routes are secured.
 */
function planPathways(plans: Record<string, ChainPlan>, network: Network, layerZero: Record<string, LiveLayerZero>): Peer[] {
  const gas = {
    receive: network.parameters.enforcedGas as Record<string, bigint>,
    compose: network.parameters.enforcedComposeGas as Record<string, bigint>,
  };
  const config = {
    chains: Object.fromEntries(
      network.chains.map((chain) => {
        const lz = layerZero[chain.name]!;
        const plan = plans[chain.name]!;
        const oapps = Object.fromEntries(oappsByRole[chain.role].map((name) => [name, plan.get(name)]));
        return [chain.name, { role: chain.role, chainId: chain.chainId, eid: chain.eid, ...lz, oapps }];
      }),
    ),
    pathways: network.pathways,
  };
  const pathways = validateProductionConfig(config, gas, network.testnet ? 'any' : 'mainnet');
  const peers = new Map<string, Peer>();
  const setPeer = (chain: string, oappName: string, oapp: Address, eid: number, peer: Address) => peers.set(`${chain}:${oapp}:${eid}`, { chain, oappName, oapp, eid, peer });
  for (const pathway of pathways) {
    const { source, destination } = pathway;
    for (const app of pathway.applications) {
      setPeer(source.chain, app.sender.name, app.sender.address, destination.eid, app.receiver.address);
      setPeer(destination.chain, app.receiver.name, app.receiver.address, source.eid, app.sender.address);
    }
    const calls = encodePathwayCalls(pathway);
    for (const call of [...calls.source, ...calls.destination]) plans[call.chain]!.encodedCall(call.contract, call.to, call.functionName, call.data, call.summary);
  }
  return [...peers.values()];
}

/**
 * The trETH OFTs' limits, on every route: outbound towards each destination (an unconfigured one
 * refuses sends), inbound from each source (an unconfigured one parks every credit).
 */
function planRateLimits(plans: Record<string, ChainPlan>, network: Network): void {
  const { oftRateLimit, oftInboundRateLimit } = network.parameters;
  const eid = (name: string) => network.chains.find((chain) => chain.name === name)!.eid;
  for (const chain of network.chains) {
    const plan = plans[chain.name]!;
    const oftName = chain.role === 'hub' ? 'TrETHAdapter' : 'TrETH';
    const oft = plan.get(oftName);
    const destinations = network.pathways.filter((pathway) => pathway.from === chain.name).map((pathway) => eid(pathway.to));
    const sources = network.pathways.filter((pathway) => pathway.to === chain.name).map((pathway) => eid(pathway.from));
    plan.call(oftName, oft, abis.trETHOFTAbi, 'setRateLimits', [destinations.map((dstEid) => ({ dstEid, ...oftRateLimit }))]);
    plan.call(oftName, oft, abis.trETHOFTAbi, 'setInboundLimits', [sources.map((srcEid) => ({ srcEid, ...oftInboundRateLimit }))]);
  }
}

/** AccessControl contracts on the hub whose DEFAULT_ADMIN_ROLE moves to the timelock. */
const hubAdministered = ['TrETH', 'WithdrawalQueue', 'NodeOperatorRegistry', 'TributaryOracle', 'OracleReportSanityChecker', 'DepositSecurityModule'] as const;
/** Two-step-owned contracts beside the OApps (which also make the timelock their LayerZero delegate). */
const ownedBesideOApps = { hub: ['LocalBridgeHub'], spoke: [] } as const;
/** Contracts with a guardian pause key: spoke deposits, and the OFTs' payouts of parked credits. */
const guarded = { hub: ['TrETHAdapter'], spoke: ['TrETH', 'SpokePool'] } as const;

/** The guardian's pause keys: spoke deposits, and the OFTs' payouts of parked credits. */
function planGuardians(plan: ChainPlan, chain: NetworkChain, network: Network): void {
  for (const name of guarded[chain.role]) plan.call(name, plan.get(name), abis.spokePoolAbi, 'setGuardian', [network.roles.guardian]);
}

/**
 * The plan's last step on each chain: a TimelockController becomes the owner and LayerZero delegate
 * of every owned contract and the admin of every hub AccessControl contract, and the guardian may
 * cancel a scheduled change. The timelock starts with no delay and the deployer as its only proposer and
 * executor, so the ownership transfers complete in the same run: one batch accepts them, hands the
 * timelock to the network's proposers and executors, takes the deployer's roles away and sets the
 * real delay. After it the deployer holds nothing.
 */
function planHandover(plan: ChainPlan, chain: NetworkChain, network: Network): void {
  const deployer = plan.from;
  const { timelock: holders, guardian } = network.roles;
  const timelock = plan.deploy('Timelock', 'TimelockController', artifacts.TimelockController, [0n, [deployer], [deployer], zeroAddress]);
  const oapps = oappsByRole[chain.role];
  for (const name of oapps) plan.call(name, plan.get(name), abis.backingLedgerAbi, 'setDelegate', [timelock]);
  const owned = [...oapps, ...ownedBesideOApps[chain.role]].filter((name) => name in plan.contracts);
  for (const name of owned) plan.call(name, plan.get(name), abis.backingLedgerAbi, 'transferOwnership', [timelock]);
  if (chain.role === 'hub') {
    for (const name of hubAdministered) {
      plan.call(name, plan.get(name), abis.trETHAbi, 'grantRole', [DEFAULT_ADMIN_ROLE, timelock]);
      plan.call(name, plan.get(name), abis.trETHAbi, 'renounceRole', [DEFAULT_ADMIN_ROLE, deployer]);
    }
  }
  const self = (functionName: string, args: readonly unknown[]) => ({ target: timelock, data: encodeCall(abis.timelockControllerAbi, functionName, args) });
  const grant = (roleName: string, accounts: readonly Address[]) => accounts.map((account) => self('grantRole', [role(roleName), account]));
  const batch = [
    ...owned.map((name) => ({ target: plan.get(name), data: encodeCall(abis.backingLedgerAbi, 'acceptOwnership', []) })),
    ...grant('PROPOSER_ROLE', holders.proposers),
    // The guardian may also cancel a scheduled change: a veto that needs no proposer's key.
    ...grant('CANCELLER_ROLE', [...holders.proposers, guardian]),
    ...grant('EXECUTOR_ROLE', holders.executors),
    ...['PROPOSER_ROLE', 'CANCELLER_ROLE', 'EXECUTOR_ROLE'].map((roleName) => self('revokeRole', [role(roleName), deployer])),
    self('updateDelay', [BigInt(holders.delay)]),
  ];
  const targets = batch.map((call) => call.target);
  const payloads = batch.map((call) => call.data);
  const values = batch.map(() => 0n);
  const summary =
    `${batch.length} calls, no delay yet: ${owned.join(', ')} acceptOwnership; proposers ${holders.proposers.join(', ')}; cancellers the proposers and the guardian ${guardian}; ` +
    `executors ${holders.executors.join(', ')}; the deployer's roles revoked; delay set to ${holders.delay} s`;
  plan.summarizedCall('Timelock', timelock, abis.timelockControllerAbi, 'scheduleBatch', [targets, values, payloads, zeroHash, zeroHash, 0n], summary);
  plan.summarizedCall('Timelock', timelock, abis.timelockControllerAbi, 'executeBatch', [targets, values, payloads, zeroHash, zeroHash], 'the batch above');

  // Read back once sent: the timelock owns and administers everything, the deployer nothing.
  for (const name of owned) plan.expect(name, plan.get(name), abis.backingLedgerAbi, 'owner', [], timelock);
  for (const name of oapps) {
    const endpoint = plan.contracts.EndpointV2 ?? chain.layerZero?.endpoint;
    if (endpoint) plan.expect('EndpointV2', endpoint, abis.endpointV2Abi, 'delegates', [plan.get(name)], timelock);
  }
  if (chain.role === 'hub') {
    for (const name of hubAdministered) {
      plan.expect(name, plan.get(name), abis.trETHAbi, 'hasRole', [DEFAULT_ADMIN_ROLE, timelock], true);
      plan.expect(name, plan.get(name), abis.trETHAbi, 'hasRole', [DEFAULT_ADMIN_ROLE, deployer], false);
    }
  }
  for (const roleName of ['PROPOSER_ROLE', 'CANCELLER_ROLE', 'EXECUTOR_ROLE']) plan.expect('Timelock', timelock, abis.timelockControllerAbi, 'hasRole', [role(roleName), deployer], false);
  plan.expect('Timelock', timelock, abis.timelockControllerAbi, 'getMinDelay', [], BigInt(holders.delay));
}
