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
  createWalletClient,
  getAddress,
  http,
} from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { type ChainName, type SpokeName, chainNames, chains, devnetAccounts, devnetRoles, spokeNames } from '@tributary/config';
import {
  type HubContracts,
  type Manifest,
  type SpokeContracts,
  addressToBytes32,
  endpointV2Abi,
  lzReceiveOption,
  rateBroadcasterAbi,
  rateReceiverAbi,
  simpleMessageLibAbi,
  spokePoolAbi,
  trETHAbi,
  trETHAdapterAbi,
  trETHOFTAbi,
  viemChain,
} from '@tributary/contracts';
import {
  endpointV2Bytecode,
  rateBroadcasterBytecode,
  rateReceiverBytecode,
  simpleMessageLibBytecode,
  spokePoolBytecode,
  trETHAdapterBytecode,
  trETHBytecode,
  trETHOFTBytecode,
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
  },
  spokePool: wiringConfig.spokePool,
} as const;
/** OFTCore's message type for a plain send. */
const OFT_SEND = 1;
/** RateBroadcaster.MSG_RATE. */
const MSG_RATE = 1;

export interface DeployOptions {
  rpcUrls: Record<ChainName, string>;
  /** Spoke deposit fee in basis points. */
  spokeFeeBps?: number;
  /** Oldest rate, in seconds, a spoke deposit accepts. */
  maxRateAge?: number;
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

async function deploy(ctx: ChainContext, abi: Abi, bytecode: Hex, args: readonly unknown[]): Promise<Address> {
  const hash = await ctx.walletClient.deployContract({ abi, bytecode, args });
  const receipt = await ctx.publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== 'success' || !receipt.contractAddress) throw new Error(`deployment on ${ctx.name} failed in ${hash}`);
  return getAddress(receipt.contractAddress);
}

async function send(ctx: ChainContext, address: Address, abi: Abi, functionName: string, args: readonly unknown[]): Promise<void> {
  const { request } = await ctx.publicClient.simulateContract({ account: ctx.walletClient.account, address, abi, functionName, args });
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
  const params = remotes.map((remote) => ({ eid: chains[remote].eid, msgType, options: lzReceiveOption(gas) }));
  await send(ctx, oapp, abi, 'setEnforcedOptions', [params]);
}

export async function deployDevnet(options: DeployOptions): Promise<Manifest> {
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

  const hub = contexts.hub;
  const trETH = await deploy(hub, trETHAbi, trETHBytecode, [owner]);
  const hubContracts: HubContracts = {
    TrETH: trETH,
    TrETHAdapter: await deploy(hub, trETHAdapterAbi, trETHAdapterBytecode, [trETH, layerZero.hub.EndpointV2, owner]),
    RateBroadcaster: await deploy(hub, rateBroadcasterAbi, rateBroadcasterBytecode, [trETH, layerZero.hub.EndpointV2, owner]),
    ...layerZero.hub,
  };
  log(`hub: TrETH ${hubContracts.TrETH}`);

  const spokeContracts = {} as Record<SpokeName, SpokeContracts>;
  await Promise.all(
    spokeNames.map(async (name) => {
      const ctx = contexts[name];
      const endpoint = layerZero[name].EndpointV2;
      const token = await deploy(ctx, trETHOFTAbi, trETHOFTBytecode, [endpoint, owner]);
      const rateReceiver = await deploy(ctx, rateReceiverAbi, rateReceiverBytecode, [endpoint, owner]);
      const pool = await deploy(ctx, spokePoolAbi, spokePoolBytecode, [
        token,
        rateReceiver,
        owner,
        options.spokeFeeBps ?? wiring.spokePool.feeBps,
        options.maxRateAge ?? wiring.spokePool.maxRateAge,
      ]);
      await send(ctx, token, trETHOFTAbi, 'setMinter', [pool]);
      spokeContracts[name] = { TrETH: token, SpokePool: pool, RateReceiver: rateReceiver, ...layerZero[name] };
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

/** Peers both ways on every path, and the receive gas every message type must carry. */
async function wire(contexts: Record<ChainName, ChainContext>, hub: HubContracts, spokes: Record<SpokeName, SpokeContracts>) {
  const hubCtx = contexts.hub;
  for (const spoke of spokeNames) {
    await setPeer(hubCtx, hub.TrETHAdapter, trETHAdapterAbi, spoke, spokes[spoke].TrETH);
    await setPeer(hubCtx, hub.RateBroadcaster, rateBroadcasterAbi, spoke, spokes[spoke].RateReceiver);
  }
  await setEnforcedGas(hubCtx, hub.TrETHAdapter, trETHAdapterAbi, spokeNames, OFT_SEND, wiring.enforcedGas.oftCredit);
  await setEnforcedGas(hubCtx, hub.RateBroadcaster, rateBroadcasterAbi, spokeNames, MSG_RATE, wiring.enforcedGas.rateUpdate);

  await Promise.all(
    spokeNames.map(async (spoke) => {
      const ctx = contexts[spoke];
      const { TrETH: token, RateReceiver: receiver } = spokes[spoke];
      await setPeer(ctx, receiver, rateReceiverAbi, 'hub', hub.RateBroadcaster);
      await setPeer(ctx, token, trETHOFTAbi, 'hub', hub.TrETHAdapter);
      const otherSpokes = spokeNames.filter((other) => other !== spoke);
      for (const other of otherSpokes) await setPeer(ctx, token, trETHOFTAbi, other, spokes[other].TrETH);
      await setEnforcedGas(ctx, token, trETHOFTAbi, ['hub', ...otherSpokes], OFT_SEND, wiring.enforcedGas.oftCredit);
    }),
  );
}
