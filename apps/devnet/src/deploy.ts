/**
 * Deploys LayerZero's production stack (its own shipped bytecode: EndpointV2, ULN302, executor,
 * two DVNs, price feed) and Tributary on every chain of the devnet, wires peers, enforced options
 * and every pathway's libraries and DVN config, hands every contract to its chain's timelock
 * (docs/roles.md), and returns the manifest.
 */
import {
  type Abi,
  type Address,
  type Chain,
  type Hex,
  type PublicClient,
  type WalletClient,
  createPublicClient,
  concatHex,
  createWalletClient,
  encodeAbiParameters,
  encodeFunctionData,
  getAddress,
  http,
  keccak256,
  sliceHex,
  zeroAddress,
  zeroHash,
} from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import {
  type ChainName,
  type SpokeName,
  chainNames,
  chains,
  devnetAccounts,
  devnetDvnSigners,
  devnetGuardians,
  devnetOperators,
  devnetOracleMembers,
  devnetRoles,
  devnetTimelockDelay,
  spokeNames,
} from '@tributary/config';
import {
  CONFIG_TYPE_EXECUTOR,
  CONFIG_TYPE_ULN,
  type HubContracts,
  type LayerZeroContracts,
  type Manifest,
  type SpokeContracts,
  addressToBytes32,
  backingLedgerAbi,
  beaconDepositContractAbi,
  depositSecurityModuleAbi,
  dvnAbi,
  dvnFeeLibAbi,
  dvnNames,
  encodeExecutorConfig,
  encodeUlnConfig,
  endpointV2Abi,
  executorAbi,
  executorFeeLibAbi,
  nodeOperatorRegistryAbi,
  oracleReportSanityCheckerAbi,
  priceFeedAbi,
  proxyAdminAbi,
  localBridgeHubAbi,
  localSpokeBridgeAbi,
  assertEconomics,
  lzReceiveAndComposeOption,
  lzReceiveOption,
  rateBroadcasterAbi,
  rateReceiverAbi,
  receiveUln302Abi,
  sendUln302Abi,
  spokePoolAbi,
  throughTimelock,
  timelockControllerAbi,
  trETHAbi,
  trETHAdapterAbi,
  trETHOFTAbi,
  transparentUpgradeableProxyAbi,
  tributaryOracleAbi,
  viemChain,
  weth9Abi,
  withdrawalQueueAbi,
} from '@tributary/contracts';
import {
  backingLedgerBytecode,
  beaconDepositContractBytecode,
  depositSecurityModuleBytecode,
  dvnBytecode,
  dvnFeeLibBytecode,
  endpointV2Bytecode,
  executorBytecode,
  executorFeeLibBytecode,
  localBridgeHubBytecode,
  localSpokeBridgeBytecode,
  nodeOperatorRegistryBytecode,
  oracleReportSanityCheckerBytecode,
  priceFeedBytecode,
  proxyAdminBytecode,
  rateBroadcasterBytecode,
  rateReceiverBytecode,
  receiveUln302Bytecode,
  sendUln302Bytecode,
  spokePoolBytecode,
  timelockControllerBytecode,
  trETHAdapterBytecode,
  trETHBytecode,
  trETHOFTBytecode,
  transparentUpgradeableProxyBytecode,
  tributaryOracleBytecode,
  weth9Bytecode,
  withdrawalQueueBytecode,
} from '@tributary/contracts/bytecode';
import wiringConfig from '@tributary/contracts-src/config/wiring.json' with { type: 'json' };

/**
 * Enforced receive gas and spoke pool parameters, shared with the forge tests: Gas.t.sol runs each
 * receive path with exactly this gas and asserts 30% headroom over its measured cost.
 */
export const wiring = {
  enforcedGas: {
    rateUpdate: BigInt(wiringConfig.enforcedReceiveGas.rateUpdate),
    oftCredit: BigInt(wiringConfig.enforcedReceiveGas.oftCredit),
    batch: BigInt(wiringConfig.enforcedReceiveGas.batch),
    halt: BigInt(wiringConfig.enforcedReceiveGas.halt),
    oftCompose: BigInt(wiringConfig.enforcedReceiveGas.oftCompose),
  },
  /** lzCompose gas for a composed OFT send (OFTCore SEND_AND_CALL), on top of `enforcedGas.oftCompose`. */
  enforcedComposeGas: { oftCompose: BigInt(wiringConfig.enforcedComposeGas.oftCompose) },
  spokePool: {
    feeBps: wiringConfig.spokePool.feeBps,
    maxRateAge: wiringConfig.spokePool.maxRateAge,
    mintCap: BigInt(wiringConfig.spokePool.mintCap),
    mintPeriod: wiringConfig.spokePool.mintPeriod,
    maxPendingShares: BigInt(wiringConfig.spokePool.maxPendingShares),
  },
  backingLedger: {
    maxInTransit: BigInt(wiringConfig.backingLedger.maxInTransit),
    unbackedThreshold: BigInt(wiringConfig.backingLedger.unbackedThreshold),
  },
  oftRateLimit: { limit: BigInt(wiringConfig.oftRateLimit.limit), window: BigInt(wiringConfig.oftRateLimit.window) },
  oftInboundRateLimit: { limit: BigInt(wiringConfig.oftInboundRateLimit.limit), window: wiringConfig.oftInboundRateLimit.window },
  rateReceiver: wiringConfig.rateReceiver,
  hub: { ...wiringConfig.hub, seedDeposit: BigInt(wiringConfig.hub.seedDeposit) },
  oracle: wiringConfig.oracle,
} as const;
/** OFTCore's message types: a plain send, and a send with a compose message. */
const OFT_SEND = 1;
const OFT_SEND_AND_CALL = 2;
/** RateBroadcaster.MSG_RATE. */
const MSG_RATE = 1;
/** SpokePool.MSG_BATCH and BackingLedger.MSG_HALT (BatchMessage's types). */
const MSG_BATCH = 1;
const MSG_HALT = 2;
/**
 * ETH the devnet bridge's hub half starts with: on a real L1 the canonical bridge holds the ETH
 * deposited to the L2, out of which it pays withdrawals.
 */
const LOCAL_BRIDGE_LIQUIDITY = 1_000n * 10n ** 18n;
/**
 * The devnet's deposit security: guardians devnetGuardians, two signatures of three. Blocks come
 * with every transaction on anvil, so the block limits are loose: a deposit may follow the last in
 * the next block, and signatures stay valid for 64 blocks.
 */
const DEPOSIT_SECURITY = {
  quorum: 2n,
  limits: { maxDepositsPerBlock: 16n, minDepositBlockDistance: 1n, maxSignatureAge: 64n, pauseIntentValidityPeriod: 64n },
} as const;

export interface DeployOptions {
  rpcUrls: Record<ChainName, string>;
  log?: (line: string) => void;
}

interface ChainContext {
  name: ChainName;
  chain: Chain;
  publicClient: PublicClient;
  walletClient: WalletClient<ReturnType<typeof http>, Chain, ReturnType<typeof privateKeyToAccount>>;
}

function connect(name: ChainName, rpcUrl: string): ChainContext {
  const chain = viemChain(name, rpcUrl);
  const account = privateKeyToAccount(devnetAccounts[devnetRoles.deployer].privateKey);
  return {
    name,
    chain,
    // anvil mines on arrival: poll receipts often rather than at viem's 4 s default.
    publicClient: createPublicClient({ chain, transport: http(rpcUrl), pollingInterval: 20 }),
    walletClient: createWalletClient({ chain, account, transport: http(rpcUrl) }),
  };
}

async function deploy(ctx: ChainContext, abi: Abi, bytecode: Hex, args: readonly unknown[], value = 0n): Promise<Address> {
  const hash = await ctx.walletClient.deployContract({ abi, bytecode, args, value });
  const receipt = await ctx.publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== 'success' || !receipt.contractAddress) throw new Error(`deployment on ${ctx.name} failed in ${hash}`);
  return getAddress(receipt.contractAddress);
}

async function send(ctx: ChainContext, address: Address, abi: Abi, functionName: string, args: readonly unknown[], value?: bigint): Promise<void> {
  const { request } = await ctx.publicClient.simulateContract({ account: ctx.walletClient.account, address, abi, functionName, args, value });
  const hash = await ctx.walletClient.writeContract(request);
  const receipt = await ctx.publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== 'success') throw new Error(`${functionName} on ${ctx.name} reverted in ${hash}`);
}

/**
 * What the devnet's LayerZero workers charge, priced as on a public network: every chain's gas at
 * 1 gwei (16 gas a calldata byte), the same native token everywhere, and LayerZero's default 20%
 * premium. The executor charges its base gas on top of the enforced receive/compose gas; a DVN
 * charges the gas of one verification.
 */
const LAYERZERO_FEES = {
  price: { priceRatio: 10n ** 20n, gasPriceInUnit: 1_000_000_000n, gasPerByte: 16 },
  multiplierBps: 12_000,
  executor: { lzReceiveBaseGas: 100_000n, lzComposeBaseGas: 50_000n, nativeCap: 10n ** 18n },
  dvnGas: 200_000n,
  /** Wei per whole native token (18 decimals), as the fee libraries expect. */
  nativeDecimalsRate: 10n ** 18n,
} as const;
/** Blocks a packet must be in before the DVNs verify it (1: mined). */
const LAYERZERO_CONFIRMATIONS = 1n;
/** Largest message the executor takes (the OFT and batch messages are a few hundred bytes). */
const MAX_MESSAGE_SIZE = 10_000;
/** PriceFeed keys prices by eid modulo 30,000, LayerZero's chain id within an environment. */
const priceFeedEid = (eid: number) => eid % 30_000;

/** LayerZero's upgradeable workers run behind its own TransparentUpgradeableProxy, initialized on construction. */
async function deployProxy(ctx: ChainContext, proxyAdmin: Address, abi: Abi, bytecode: Hex, initialize: Hex): Promise<Address> {
  const implementation = await deploy(ctx, abi, bytecode, []);
  return deploy(ctx, transparentUpgradeableProxyAbi, transparentUpgradeableProxyBytecode, [implementation, proxyAdmin, initialize]);
}

/**
 * LayerZero's production stack on one chain, from its shipped artifacts: EndpointV2 with SendUln302
 * and ReceiveUln302 as its default libraries, a PriceFeed and an Executor (both upgradeable, behind
 * proxies), and two DVNs, each with one signer (quorum 1): devnetDvnSigners. The executor account
 * (devnetRoles.lzDelivery) holds the Executor's ADMIN_ROLE, which executes packets.
 */
async function deployLayerZero(ctx: ChainContext): Promise<LayerZeroContracts> {
  const owner = ctx.walletClient.account.address;
  const eid = chains[ctx.name].eid;
  const remotes = chainNames.filter((name) => name !== ctx.name).map((name) => chains[name].eid);
  const endpoint = await deploy(ctx, endpointV2Abi, endpointV2Bytecode, [eid, owner]);
  // No treasury: LayerZero's own fee share is zero on the devnet.
  const sendUln = await deploy(ctx, sendUln302Abi, sendUln302Bytecode, [endpoint, 0n, 0n]);
  const receiveUln = await deploy(ctx, receiveUln302Abi, receiveUln302Bytecode, [endpoint]);
  await send(ctx, endpoint, endpointV2Abi, 'registerLibrary', [sendUln]);
  await send(ctx, endpoint, endpointV2Abi, 'registerLibrary', [receiveUln]);

  const proxyAdmin = await deploy(ctx, proxyAdminAbi, proxyAdminBytecode, [owner]);
  const priceFeed = await deployProxy(ctx, proxyAdmin, priceFeedAbi, priceFeedBytecode, encodeFunctionData({ abi: priceFeedAbi, functionName: 'initialize', args: [owner] }));
  await send(ctx, priceFeed, priceFeedAbi, 'setPrice', [remotes.map((remote) => ({ eid: priceFeedEid(remote), price: LAYERZERO_FEES.price }))]);

  const executorAccount = devnetAccounts[devnetRoles.lzDelivery].address;
  const executor = await deployProxy(
    ctx,
    proxyAdmin,
    executorAbi,
    executorBytecode,
    encodeFunctionData({ abi: executorAbi, functionName: 'initialize', args: [endpoint, zeroAddress, [sendUln], priceFeed, owner, [owner, executorAccount]] }),
  );
  const executorFeeLib = await deploy(ctx, executorFeeLibAbi, executorFeeLibBytecode, [eid, LAYERZERO_FEES.nativeDecimalsRate]);
  await send(ctx, executor, executorAbi, 'setWorkerFeeLib', [executorFeeLib]);
  await send(ctx, executor, executorAbi, 'setDstConfig', [
    remotes.map((dstEid) => ({ dstEid, ...LAYERZERO_FEES.executor, multiplierBps: LAYERZERO_FEES.multiplierBps, floorMarginUSD: 0n })),
  ]);

  const dvnFeeLib = await deploy(ctx, dvnFeeLibAbi, dvnFeeLibBytecode, [eid, LAYERZERO_FEES.nativeDecimalsRate]);
  const dvns = [] as Address[];
  for (const [index, signerIndex] of devnetDvnSigners.entries()) {
    const signer = devnetAccounts[signerIndex].address;
    // A DVN's vid is part of what its signers sign: distinct per DVN, so no signature fits another.
    const vid = index * 100_000 + priceFeedEid(eid);
    const dvn = await deploy(ctx, dvnAbi, dvnBytecode, [eid, vid, [sendUln], priceFeed, [signer], 1n, [owner, signer]]);
    await send(ctx, dvn, dvnAbi, 'setWorkerFeeLib', [dvnFeeLib]);
    await send(ctx, dvn, dvnAbi, 'setDstConfig', [remotes.map((dstEid) => ({ dstEid, gas: LAYERZERO_FEES.dvnGas, multiplierBps: LAYERZERO_FEES.multiplierBps, floorMarginUSD: 0n }))]);
    dvns.push(dvn);
  }

  // Library defaults (the same two DVNs): the endpoint only accepts an OApp's library for an eid its defaults support.
  const uln = ulnConfig(dvns);
  await send(ctx, sendUln, sendUln302Abi, 'setDefaultUlnConfigs', [remotes.map((remote) => ({ eid: remote, config: uln }))]);
  await send(ctx, sendUln, sendUln302Abi, 'setDefaultExecutorConfigs', [remotes.map((remote) => ({ eid: remote, config: { maxMessageSize: MAX_MESSAGE_SIZE, executor } }))]);
  await send(ctx, receiveUln, receiveUln302Abi, 'setDefaultUlnConfigs', [remotes.map((remote) => ({ eid: remote, config: uln }))]);
  for (const remote of remotes) {
    await send(ctx, endpoint, endpointV2Abi, 'setDefaultSendLibrary', [remote, sendUln]);
    await send(ctx, endpoint, endpointV2Abi, 'setDefaultReceiveLibrary', [remote, receiveUln, 0n]);
  }
  return { EndpointV2: endpoint, SendUln302: sendUln, ReceiveUln302: receiveUln, PriceFeed: priceFeed, Executor: executor, DVN1: dvns[0]!, DVN2: dvns[1]!, LayerZeroProxyAdmin: proxyAdmin };
}

/** Both DVNs required (sorted, as ULN302 demands), no optional ones, LAYERZERO_CONFIRMATIONS. */
function ulnConfig(dvns: readonly Address[]) {
  const requiredDVNs = [...dvns].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
  return { confirmations: LAYERZERO_CONFIRMATIONS, requiredDVNCount: requiredDVNs.length, optionalDVNCount: 0, optionalDVNThreshold: 0, requiredDVNs, optionalDVNs: [] as Address[] };
}

/**
 * One OApp's pathway with a peer on `remote`, in both directions: its own send library with the
 * executor and both DVNs, and its own receive library requiring both DVNs. Set explicitly, so a
 * change of the endpoint's or libraries' defaults never changes who verifies Tributary's messages.
 */
async function configurePathway(ctx: ChainContext, local: LayerZeroContracts, oapp: Address, remote: ChainName): Promise<void> {
  const remoteEid = chains[remote].eid;
  const uln = ulnConfig(dvnNames.map((name) => local[name]));
  await send(ctx, local.EndpointV2, endpointV2Abi, 'setSendLibrary', [oapp, remoteEid, local.SendUln302]);
  await send(ctx, local.EndpointV2, endpointV2Abi, 'setConfig', [
    oapp,
    local.SendUln302,
    [
      { eid: remoteEid, configType: CONFIG_TYPE_EXECUTOR, config: encodeExecutorConfig({ maxMessageSize: MAX_MESSAGE_SIZE, executor: local.Executor }) },
      { eid: remoteEid, configType: CONFIG_TYPE_ULN, config: encodeUlnConfig(uln) },
    ],
  ]);
  await send(ctx, local.EndpointV2, endpointV2Abi, 'setReceiveLibrary', [oapp, remoteEid, local.ReceiveUln302, 0n]);
  await send(ctx, local.EndpointV2, endpointV2Abi, 'setConfig', [oapp, local.ReceiveUln302, [{ eid: remoteEid, configType: CONFIG_TYPE_ULN, config: encodeUlnConfig(uln) }]]);
}

/** Every Tributary pathway: each OApp towards each chain it has a peer on. */
async function configureLayerZero(contexts: Record<ChainName, ChainContext>, hub: HubContracts, spokes: Record<SpokeName, SpokeContracts>) {
  const hubOApps = [hub.TrETHAdapter, hub.RateBroadcaster, hub.BackingLedger];
  const hubWork = (async () => {
    for (const oapp of hubOApps) for (const spoke of spokeNames) await configurePathway(contexts.hub, hub, oapp, spoke);
  })();
  await Promise.all([
    hubWork,
    ...spokeNames.map(async (spoke) => {
      const ctx = contexts[spoke];
      const contracts = spokes[spoke];
      for (const oapp of [contracts.RateReceiver, contracts.SpokePool]) await configurePathway(ctx, contracts, oapp, 'hub');
      for (const remote of chainNames.filter((name) => name !== spoke)) await configurePathway(ctx, contracts, contracts.TrETH, remote);
    }),
  ]);
}

async function setPeer(ctx: ChainContext, oapp: Address, abi: Abi, remote: ChainName, peer: Address): Promise<void> {
  await send(ctx, oapp, abi, 'setPeer', [chains[remote].eid, addressToBytes32(peer)]);
}

async function setEnforcedGas(ctx: ChainContext, oapp: Address, abi: Abi, remotes: readonly ChainName[], msgType: number, gas: bigint) {
  await setEnforcedOptions(ctx, oapp, abi, remotes, [{ msgType, options: lzReceiveOption(gas) }]);
}

async function setEnforcedOptions(ctx: ChainContext, oapp: Address, abi: Abi, remotes: readonly ChainName[], options: readonly { msgType: number; options: Hex }[]) {
  const params = remotes.flatMap((remote) => options.map((option) => ({ eid: chains[remote].eid, ...option })));
  await send(ctx, oapp, abi, 'setEnforcedOptions', [params]);
}

/** An OFT's enforced options: receive gas for a plain send, receive and compose gas for a composed one. */
async function setOftEnforcedOptions(ctx: ChainContext, oft: Address, abi: Abi, remotes: readonly ChainName[]) {
  await setEnforcedOptions(ctx, oft, abi, remotes, [
    { msgType: OFT_SEND, options: lzReceiveOption(wiring.enforcedGas.oftCredit) },
    { msgType: OFT_SEND_AND_CALL, options: lzReceiveAndComposeOption(wiring.enforcedGas.oftCompose, wiring.enforcedComposeGas.oftCompose) },
  ]);
}

/** The same outbound OFT limit towards every remote chain (sends to an unconfigured one are refused). */
async function setRateLimits(ctx: ChainContext, oft: Address, abi: Abi, remotes: readonly ChainName[]) {
  const { limit, window } = wiring.oftRateLimit;
  await send(ctx, oft, abi, 'setRateLimits', [remotes.map((remote) => ({ dstEid: chains[remote].eid, limit, window }))]);
}

/** The same inbound OFT limit from every remote chain (credits from an unconfigured one park until it is set). */
async function setInboundLimits(ctx: ChainContext, oft: Address, abi: Abi, remotes: readonly ChainName[]) {
  const { limit, window } = wiring.oftInboundRateLimit;
  await send(ctx, oft, abi, 'setInboundLimits', [remotes.map((remote) => ({ srcEid: chains[remote].eid, limit, window }))]);
}

export async function deployDevnet(options: DeployOptions): Promise<Manifest> {
  // Refuse parameters that make spoke minting profitable against the rate feed before deploying anything.
  assertEconomics(wiringConfig);
  const log = options.log ?? (() => {});
  const contexts = Object.fromEntries(chainNames.map((name) => [name, connect(name, options.rpcUrls[name])])) as Record<ChainName, ChainContext>;
  const owner = contexts.hub.walletClient.account.address;

  const layerZero = {} as Record<ChainName, LayerZeroContracts>;
  await Promise.all(
    chainNames.map(async (name) => {
      layerZero[name] = await deployLayerZero(contexts[name]);
      log(`${name}: LayerZero EndpointV2 ${layerZero[name].EndpointV2}, ULN302, executor, DVNs ${layerZero[name].DVN1} ${layerZero[name].DVN2}`);
    }),
  );

  const hubContracts = await deployHub(contexts.hub, layerZero.hub);
  log(`hub: TrETH ${hubContracts.TrETH}, oracle ${hubContracts.TributaryOracle}, queue ${hubContracts.WithdrawalQueue}`);

  const spokeContracts = {} as Record<SpokeName, SpokeContracts>;
  await Promise.all(
    spokeNames.map(async (name) => {
      const ctx = contexts[name];
      const endpoint = layerZero[name].EndpointV2;
      const token = await deploy(ctx, trETHOFTAbi, trETHOFTBytecode, [endpoint, owner]);
      const { maxIncreaseBps, maxDecreaseBps, maxAnnualGrowthBps } = wiring.rateReceiver;
      const rateReceiver = await deploy(ctx, rateReceiverAbi, rateReceiverBytecode, [endpoint, owner, maxIncreaseBps, maxDecreaseBps, maxAnnualGrowthBps]);
      const pool = await deploy(ctx, spokePoolAbi, spokePoolBytecode, [token, rateReceiver, endpoint, chains.hub.eid, owner, wiring.spokePool]);
      await send(ctx, token, trETHOFTAbi, 'setMinter', [pool]);
      await send(ctx, rateReceiver, rateReceiverAbi, 'setRateConsumer', [pool]);
      const bridge = await deploy(ctx, localSpokeBridgeAbi, localSpokeBridgeBytecode, [pool, hubContracts.LocalBridgeHub, chains[name].eid]);
      await send(ctx, pool, spokePoolAbi, 'setBridgeAdapter', [bridge]);
      // Timelock: set by handToTimelock, the deploy's last step.
      spokeContracts[name] = { TrETH: token, SpokePool: pool, RateReceiver: rateReceiver, BridgeAdapter: bridge, Timelock: zeroAddress, ...layerZero[name] };
      log(`${name}: TrETH ${token}, SpokePool ${pool}`);
    }),
  );

  await wire(contexts, hubContracts, spokeContracts);
  log('wired peers and enforced options');
  await configureLayerZero(contexts, hubContracts, spokeContracts);
  log('every pathway: own ULN302 libraries, executor, two required DVNs');

  const timelocks = await handToTimelock(contexts, hubContracts, spokeContracts);
  hubContracts.Timelock = timelocks.hub;
  for (const name of spokeNames) spokeContracts[name].Timelock = timelocks[name];
  log(`handed every contract to the timelocks (${devnetTimelockDelay} s delay): hub ${timelocks.hub}, ${spokeNames.map((name) => `${name} ${timelocks[name]}`).join(', ')}`);

  const manifestChain = (name: ChainName) => ({
    role: chains[name].role,
    chainId: chains[name].chainId,
    eid: chains[name].eid,
    rpcUrl: options.rpcUrls[name],
  });
  return {
    chains: {
      hub: { ...manifestChain('hub'), role: 'hub', contracts: hubContracts },
      alpha: { ...manifestChain('alpha'), role: 'spoke', contracts: spokeContracts.alpha },
      beta: { ...manifestChain('beta'), role: 'spoke', contracts: spokeContracts.beta },
    },
  };
}

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

/**
 * The hub staking protocol: local stand-ins for WETH and the beacon deposit contract, the
 * operator registry with the devnet's operators and keys, the pool, its oracle committee,
 * sanity checker and withdrawal queue, and the LayerZero side (lockbox and rate broadcaster).
 */
async function deployHub(ctx: ChainContext, layerZero: LayerZeroContracts): Promise<HubContracts> {
  const admin = ctx.walletClient.account.address;
  const account = (index: number) => devnetAccounts[index]!.address;
  const weth = await deploy(ctx, weth9Abi, weth9Bytecode, []);
  const depositContract = await deploy(ctx, beaconDepositContractAbi, beaconDepositContractBytecode, []);
  const registry = await deploy(ctx, nodeOperatorRegistryAbi, nodeOperatorRegistryBytecode, [admin, wiring.hub.maxOperatorShareBps]);
  const trETH = await deploy(
    ctx,
    trETHAbi,
    trETHBytecode,
    [admin, weth, depositContract, registry, account(devnetRoles.treasury), wiring.hub.feeBps, wiring.hub.treasuryShareBps, BigInt(wiring.oracle.secondsPerSlot)],
    wiring.hub.seedDeposit,
  );
  const checker = await deploy(ctx, oracleReportSanityCheckerAbi, oracleReportSanityCheckerBytecode, [admin, wiring.oracle.sanityLimits]);
  const queue = await deploy(ctx, withdrawalQueueAbi, withdrawalQueueBytecode, [trETH, admin]);
  // The beacon simulator's genesis is the hub's genesis block, so both count slots alike.
  const genesis = await ctx.publicClient.getBlock({ blockNumber: 0n });
  const frameConfig = { genesisTime: genesis.timestamp, secondsPerSlot: BigInt(wiring.oracle.secondsPerSlot), slotsPerFrame: BigInt(wiring.oracle.slotsPerFrame) };
  const oracle = await deploy(ctx, tributaryOracleAbi, tributaryOracleBytecode, [admin, trETH, frameConfig]);

  await send(ctx, registry, nodeOperatorRegistryAbi, 'setPool', [trETH]);
  await send(ctx, trETH, trETHAbi, 'setSanityChecker', [checker]);
  await send(ctx, trETH, trETHAbi, 'setWithdrawalQueue', [queue]);
  await send(ctx, trETH, trETHAbi, 'setOracle', [oracle]);
  const role = (name: 'KEEPER_ROLE' | 'PAUSER_ROLE', abi: Abi, address: Address) =>
    ctx.publicClient.readContract({ address, abi, functionName: name }) as Promise<Hex>;
  // The DepositSecurityModule is the pool's only depositor; the keeper goes through it.
  const depositSecurityModule = await deploy(ctx, depositSecurityModuleAbi, depositSecurityModuleBytecode, [
    admin,
    trETH,
    depositContract,
    registry,
    devnetGuardians.map(account),
    DEPOSIT_SECURITY.quorum,
    DEPOSIT_SECURITY.limits,
  ]);
  await send(ctx, trETH, trETHAbi, 'grantRole', [await role('KEEPER_ROLE', trETHAbi, trETH), depositSecurityModule]);
  // The guardian pauses at once (docs/roles.md); the deployer never holds a pause key.
  await send(ctx, trETH, trETHAbi, 'grantRole', [await role('PAUSER_ROLE', trETHAbi, trETH), account(devnetRoles.guardian)]);
  // The relayer's loss guard pauses instant exits on a beacon loss the oracle has not reported yet.
  await send(ctx, trETH, trETHAbi, 'grantRole', [await role('PAUSER_ROLE', trETHAbi, trETH), account(devnetRoles.lossGuard)]);
  await send(ctx, queue, withdrawalQueueAbi, 'grantRole', [await role('PAUSER_ROLE', withdrawalQueueAbi, queue), account(devnetRoles.guardian)]);
  for (const member of devnetOracleMembers) await send(ctx, oracle, tributaryOracleAbi, 'addMember', [account(member)]);

  for (const [operatorId, rewardAccount] of devnetOperators.entries()) {
    await send(ctx, registry, nodeOperatorRegistryAbi, 'addOperator', [`Devnet operator ${operatorId + 1}`, account(rewardAccount)]);
    const { pubkeys, signatures } = devnetKeys(operatorId, wiring.hub.keysPerOperator);
    await send(ctx, registry, nodeOperatorRegistryAbi, 'addSigningKeys', [BigInt(operatorId), BigInt(wiring.hub.keysPerOperator), pubkeys, signatures]);
    await send(ctx, registry, nodeOperatorRegistryAbi, 'setStakingLimit', [BigInt(operatorId), BigInt(wiring.hub.keysPerOperator)]);
  }

  const withdrawalVault = await ctx.publicClient.readContract({ address: trETH, abi: trETHAbi, functionName: 'WITHDRAWAL_VAULT' });
  const lockbox = await deploy(ctx, trETHAdapterAbi, trETHAdapterBytecode, [trETH, layerZero.EndpointV2, admin]);
  const ledger = await deploy(ctx, backingLedgerAbi, backingLedgerBytecode, [trETH, lockbox, layerZero.EndpointV2, admin]);
  await send(ctx, trETH, trETHAbi, 'setBackingLedger', [ledger]);
  await send(ctx, ledger, backingLedgerAbi, 'setUnbackedThreshold', [wiring.backingLedger.unbackedThreshold]);
  const localBridge = await deploy(ctx, localBridgeHubAbi, localBridgeHubBytecode, [ledger, admin]);
  await send(ctx, localBridge, localBridgeHubAbi, 'setRelayer', [account(devnetRoles.lzDelivery)]);
  await send(ctx, localBridge, localBridgeHubAbi, 'fund', [], LOCAL_BRIDGE_LIQUIDITY);
  for (const spoke of spokeNames) {
    await send(ctx, ledger, backingLedgerAbi, 'setSpoke', [chains[spoke].eid, localBridge, wiring.backingLedger.maxInTransit]);
  }
  return {
    TrETH: trETH,
    TrETHAdapter: lockbox,
    BackingLedger: ledger,
    LocalBridgeHub: localBridge,
    RateBroadcaster: await deploy(ctx, rateBroadcasterAbi, rateBroadcasterBytecode, [trETH, layerZero.EndpointV2, admin]),
    WithdrawalQueue: queue,
    WithdrawalVault: withdrawalVault,
    NodeOperatorRegistry: registry,
    TributaryOracle: oracle,
    OracleReportSanityChecker: checker,
    WETH: weth,
    BeaconDepositContract: depositContract,
    DepositSecurityModule: depositSecurityModule,
    // Set by handToTimelock, the deploy's last step.
    Timelock: zeroAddress,
    ...layerZero,
  };
}

/** Peers both ways on every path, and the receive gas every message type must carry. */
async function wire(contexts: Record<ChainName, ChainContext>, hub: HubContracts, spokes: Record<SpokeName, SpokeContracts>) {
  const hubCtx = contexts.hub;
  for (const spoke of spokeNames) {
    await setPeer(hubCtx, hub.TrETHAdapter, trETHAdapterAbi, spoke, spokes[spoke].TrETH);
    await setPeer(hubCtx, hub.RateBroadcaster, rateBroadcasterAbi, spoke, spokes[spoke].RateReceiver);
    await setPeer(hubCtx, hub.BackingLedger, backingLedgerAbi, spoke, spokes[spoke].SpokePool);
  }
  await setOftEnforcedOptions(hubCtx, hub.TrETHAdapter, trETHAdapterAbi, spokeNames);
  await setEnforcedGas(hubCtx, hub.RateBroadcaster, rateBroadcasterAbi, spokeNames, MSG_RATE, wiring.enforcedGas.rateUpdate);
  await setEnforcedGas(hubCtx, hub.BackingLedger, backingLedgerAbi, spokeNames, MSG_HALT, wiring.enforcedGas.halt);
  await setRateLimits(hubCtx, hub.TrETHAdapter, trETHAdapterAbi, spokeNames);
  await setInboundLimits(hubCtx, hub.TrETHAdapter, trETHAdapterAbi, spokeNames);

  await Promise.all(
    spokeNames.map(async (spoke) => {
      const ctx = contexts[spoke];
      const { TrETH: token, RateReceiver: receiver } = spokes[spoke];
      await setPeer(ctx, receiver, rateReceiverAbi, 'hub', hub.RateBroadcaster);
      await setPeer(ctx, token, trETHOFTAbi, 'hub', hub.TrETHAdapter);
      await setPeer(ctx, spokes[spoke].SpokePool, spokePoolAbi, 'hub', hub.BackingLedger);
      await setEnforcedGas(ctx, spokes[spoke].SpokePool, spokePoolAbi, ['hub'], MSG_BATCH, wiring.enforcedGas.batch);
      const otherSpokes = spokeNames.filter((other) => other !== spoke);
      for (const other of otherSpokes) await setPeer(ctx, token, trETHOFTAbi, other, spokes[other].TrETH);
      await setOftEnforcedOptions(ctx, token, trETHOFTAbi, ['hub', ...otherSpokes]);
      await setRateLimits(ctx, token, trETHOFTAbi, ['hub', ...otherSpokes]);
      await setInboundLimits(ctx, token, trETHOFTAbi, ['hub', ...otherSpokes]);
    }),
  );
}

/** AccessControl contracts on the hub whose DEFAULT_ADMIN_ROLE (zeroHash) moves to the timelock. */
const hubAdministered = ['TrETH', 'WithdrawalQueue', 'NodeOperatorRegistry', 'TributaryOracle', 'OracleReportSanityChecker', 'DepositSecurityModule'] as const;
/** Two-step-owned contracts per chain; the OApps among them also make the timelock their LayerZero delegate. */
const hubOwned = { oapps: ['TrETHAdapter', 'RateBroadcaster', 'BackingLedger'], others: ['LocalBridgeHub'], guarded: ['TrETHAdapter'] } as const;
const spokeOwned = { oapps: ['TrETH', 'SpokePool', 'RateReceiver'], others: [], guarded: ['TrETH', 'SpokePool'] } as const;
/** BackingLedger's ABI serves for the calls every owned contract shares (Ownable2Step, and OAppCore's setDelegate). */
const ownedAbi = backingLedgerAbi as Abi;

/**
 * The deploy's last step: one TimelockController per chain (proposer, executor and canceller the
 * devnet's timelock admin; it administers itself) becomes the owner and LayerZero delegate of every
 * owned contract and the admin of every hub AccessControl contract. Spoke pools and the OFTs get the
 * guardian as their pause key. The deployer keeps nothing: each renounce comes after the timelock holds the role,
 * and ownership completes when the timelock accepts it through a scheduled batch after its delay.
 */
async function handToTimelock(
  contexts: Record<ChainName, ChainContext>,
  hub: HubContracts,
  spokes: Record<SpokeName, SpokeContracts>,
): Promise<Record<ChainName, Address>> {
  const admin = privateKeyToAccount(devnetAccounts[devnetRoles.timelockAdmin].privateKey);
  const guardian = devnetAccounts[devnetRoles.guardian].address;
  const handOver = async (name: ChainName, contracts: Record<string, Address>, owned: { oapps: readonly string[]; others: readonly string[]; guarded: readonly string[] }) => {
    const ctx = contexts[name];
    const deployer = ctx.walletClient.account.address;
    const timelock = await deploy(ctx, timelockControllerAbi, timelockControllerBytecode, [BigInt(devnetTimelockDelay), [admin.address], [admin.address], zeroAddress]);
    // The pause keys: spoke deposits, and the OFTs' payouts of parked credits.
    for (const contract of owned.guarded) await send(ctx, contracts[contract]!, spokePoolAbi, 'setGuardian', [guardian]);
    for (const oapp of owned.oapps) await send(ctx, contracts[oapp]!, ownedAbi, 'setDelegate', [timelock]);
    const ownedAddresses = [...owned.oapps, ...owned.others].map((contract) => contracts[contract]!);
    for (const address of ownedAddresses) await send(ctx, address, ownedAbi, 'transferOwnership', [timelock]);
    if (name === 'hub') {
      for (const contract of hubAdministered) {
        const address = contracts[contract]!;
        await send(ctx, address, trETHAbi, 'grantRole', [zeroHash, timelock]);
        await send(ctx, address, trETHAbi, 'renounceRole', [zeroHash, deployer]);
      }
    }
    const walletClient = createWalletClient({ chain: ctx.chain, account: admin, transport: http(ctx.chain.rpcUrls.default.http[0]) });
    await throughTimelock({ publicClient: ctx.publicClient, walletClient }, timelock, ownedAddresses.map((address) => ({ address, abi: ownedAbi, functionName: 'acceptOwnership' })));
    for (const address of ownedAddresses) {
      const owner = await ctx.publicClient.readContract({ address, abi: backingLedgerAbi, functionName: 'owner' });
      if (owner !== timelock) throw new Error(`${address} on ${name} is owned by ${owner}, not the timelock ${timelock}`);
    }
    return [name, timelock] as const;
  };
  return Object.fromEntries(
    await Promise.all([handOver('hub', { ...hub }, hubOwned), ...spokeNames.map((name) => handOver(name, { ...spokes[name] }, spokeOwned))]),
  ) as Record<ChainName, Address>;
}
