/**
 * Deploys LayerZero's EndpointV2 and SimpleMessageLib (its own shipped bytecode) and Tributary on
 * every chain of the devnet, wires peers and enforced options, and returns the manifest.
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
  getAddress,
  http,
  keccak256,
  sliceHex,
} from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import {
  type ChainName,
  type SpokeName,
  chainNames,
  chains,
  devnetAccounts,
  devnetGuardians,
  devnetOperators,
  devnetOracleMembers,
  devnetRoles,
  spokeNames,
} from '@tributary/config';
import {
  type HubContracts,
  type Manifest,
  type SpokeContracts,
  addressToBytes32,
  backingLedgerAbi,
  beaconDepositContractAbi,
  depositSecurityModuleAbi,
  endpointV2Abi,
  nodeOperatorRegistryAbi,
  oracleReportSanityCheckerAbi,
  localBridgeHubAbi,
  localSpokeBridgeAbi,
  assertEconomics,
  lzReceiveAndComposeOption,
  lzReceiveOption,
  rateBroadcasterAbi,
  rateReceiverAbi,
  simpleMessageLibAbi,
  spokePoolAbi,
  trETHAbi,
  trETHAdapterAbi,
  trETHOFTAbi,
  tributaryOracleAbi,
  viemChain,
  weth9Abi,
  withdrawalQueueAbi,
} from '@tributary/contracts';
import {
  backingLedgerBytecode,
  beaconDepositContractBytecode,
  depositSecurityModuleBytecode,
  endpointV2Bytecode,
  localBridgeHubBytecode,
  localSpokeBridgeBytecode,
  nodeOperatorRegistryBytecode,
  oracleReportSanityCheckerBytecode,
  rateBroadcasterBytecode,
  rateReceiverBytecode,
  simpleMessageLibBytecode,
  spokePoolBytecode,
  trETHAdapterBytecode,
  trETHBytecode,
  trETHOFTBytecode,
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
    publicClient: createPublicClient({ chain, transport: http(rpcUrl) }),
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

/** EndpointV2 with SimpleMessageLib as default send and receive library towards every other chain. */
async function deployLayerZero(ctx: ChainContext): Promise<{ EndpointV2: Address; SimpleMessageLib: Address }> {
  const owner = ctx.walletClient.account.address;
  const endpoint = await deploy(ctx, endpointV2Abi, endpointV2Bytecode, [chains[ctx.name].eid, owner]);
  const library = await deploy(ctx, simpleMessageLibAbi, simpleMessageLibBytecode, [endpoint, owner]);
  await send(ctx, endpoint, endpointV2Abi, 'registerLibrary', [library]);
  for (const remote of chainNames.filter((name) => name !== ctx.name)) {
    await send(ctx, endpoint, endpointV2Abi, 'setDefaultSendLibrary', [chains[remote].eid, library]);
    await send(ctx, endpoint, endpointV2Abi, 'setDefaultReceiveLibrary', [chains[remote].eid, library, 0n]);
  }
  // Only the devnet's delivery worker may verify packets: the local stand-in for a DVN set.
  await send(ctx, library, simpleMessageLibAbi, 'setWhitelistCaller', [devnetAccounts[devnetRoles.lzDelivery].address]);
  return { EndpointV2: endpoint, SimpleMessageLib: library };
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

  const layerZero = {} as Record<ChainName, { EndpointV2: Address; SimpleMessageLib: Address }>;
  await Promise.all(
    chainNames.map(async (name) => {
      layerZero[name] = await deployLayerZero(contexts[name]);
      log(`${name}: LayerZero EndpointV2 ${layerZero[name].EndpointV2}`);
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
      spokeContracts[name] = { TrETH: token, SpokePool: pool, RateReceiver: rateReceiver, BridgeAdapter: bridge, ...layerZero[name] };
      log(`${name}: TrETH ${token}, SpokePool ${pool}`);
    }),
  );

  await wire(contexts, hubContracts, spokeContracts);
  log('wired peers and enforced options');

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
async function deployHub(ctx: ChainContext, layerZero: { EndpointV2: Address; SimpleMessageLib: Address }): Promise<HubContracts> {
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
  await send(ctx, trETH, trETHAbi, 'grantRole', [await role('PAUSER_ROLE', trETHAbi, trETH), admin]);
  // The relayer's loss guard pauses instant exits on a beacon loss the oracle has not reported yet.
  await send(ctx, trETH, trETHAbi, 'grantRole', [await role('PAUSER_ROLE', trETHAbi, trETH), account(devnetRoles.lossGuard)]);
  await send(ctx, queue, withdrawalQueueAbi, 'grantRole', [await role('PAUSER_ROLE', withdrawalQueueAbi, queue), admin]);
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
