/**
 * The production pathway config applied to LayerZero's own compiled EndpointV2, SendUln302 and
 * ReceiveUln302 on two anvil chains standing in for OP Mainnet and Arbitrum One, then read back
 * through the endpoint and the libraries. Only the addresses differ from the production file:
 * DVN, confirmation, executor and gas settings are the file's.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Abi,
  type Address,
  type Chain,
  type Hex,
  createPublicClient,
  createWalletClient,
  defineChain,
  getAddress,
  http,
  keccak256,
  slice,
  toHex,
} from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { devnetAccounts, devnetRoles } from '@tributary/config';
import { endpointV2Abi, receiveUln302Abi, sendUln302Abi, trETHOFTAbi } from '../generated/abis.ts';
import { endpointV2Bytecode, receiveUln302Bytecode, sendUln302Bytecode, trETHOFTBytecode } from '../generated/bytecode.ts';
import { lzReceiveAndComposeOption, lzReceiveOption } from '../layerzero.ts';
import { type AnvilNode, startAnvil } from '../node/anvil.ts';
import { type ChainWriter, LzApplyError, applyPathways } from './apply.ts';
import { LzConfigError, type ProductionConfigFile } from './config.ts';
import { CONFIG_TYPE_EXECUTOR, CONFIG_TYPE_ULN, NIL_DVN_COUNT, decodeExecutorConfig, decodeUlnConfig } from './encode.ts';
import { wiringEnforcedGas } from './wiring.ts';

const production = JSON.parse(
  readFileSync(new URL('../../../../contracts/config/networks/production.json', import.meta.url), 'utf8'),
) as ProductionConfigFile;
const spokes = ['optimism', 'arbitrum'] as const;
type Spoke = (typeof spokes)[number];
const label = (text: string): Address => getAddress(slice(keccak256(toHex(text)), 12));
const account = privateKeyToAccount(devnetAccounts[devnetRoles.deployer].privateKey);

interface LocalLayerZero {
  anvil: AnvilNode;
  writer: ChainWriter;
  eid: number;
  endpoint: Address;
  sendUln: Address;
  receiveUln: Address;
  oft: Address;
  /** Stand-ins for the DVN providers: the ULN only stores DVN addresses when configured. */
  dvns: Record<string, Address>;
  executor: Address;
}

async function deploy(writer: ChainWriter, abi: Abi, bytecode: Hex, args: readonly unknown[]): Promise<Address> {
  const hash = await writer.walletClient.deployContract({ abi, bytecode, args });
  const receipt = await writer.publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== 'success' || !receipt.contractAddress) throw new Error(`deployment reverted in ${hash}`);
  return getAddress(receipt.contractAddress);
}

async function write(writer: ChainWriter, address: Address, abi: Abi, functionName: string, args: readonly unknown[]): Promise<void> {
  const hash = await writer.walletClient.writeContract({ address, abi, functionName, args });
  const receipt = await writer.publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== 'success') throw new Error(`${functionName} reverted in ${hash}`);
}

/**
 * EndpointV2 + ULN302 with a LayerZero-style default config towards `remoteEid`: ONE required DVN
 * and one optional DVN. Whatever we apply must replace it entirely.
 */
async function bringUp(name: Spoke, remoteEid: number): Promise<LocalLayerZero> {
  const entry = production.chains[name]!;
  const anvil = await startAnvil({ chainId: entry.chainId });
  const chain: Chain = defineChain({
    id: entry.chainId,
    name,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [anvil.rpcUrl] } },
  });
  const writer: ChainWriter = {
    publicClient: createPublicClient({ chain, transport: http(anvil.rpcUrl) }),
    walletClient: createWalletClient({ chain, account, transport: http(anvil.rpcUrl) }),
  };
  const endpoint = await deploy(writer, endpointV2Abi, endpointV2Bytecode, [entry.eid, account.address]);
  const sendUln = await deploy(writer, sendUln302Abi, sendUln302Bytecode, [endpoint, 0n, 0n]);
  const receiveUln = await deploy(writer, receiveUln302Abi, receiveUln302Bytecode, [endpoint]);
  await write(writer, endpoint, endpointV2Abi, 'registerLibrary', [sendUln]);
  await write(writer, endpoint, endpointV2Abi, 'registerLibrary', [receiveUln]);
  const defaultUln = {
    confirmations: 1n,
    requiredDVNCount: 1,
    optionalDVNCount: 1,
    optionalDVNThreshold: 1,
    requiredDVNs: [label(`${name} default dvn`)],
    optionalDVNs: [label(`${name} default optional dvn`)],
  };
  await write(writer, sendUln, sendUln302Abi, 'setDefaultUlnConfigs', [[{ eid: remoteEid, config: defaultUln }]]);
  await write(writer, receiveUln, receiveUln302Abi, 'setDefaultUlnConfigs', [[{ eid: remoteEid, config: defaultUln }]]);
  await write(writer, sendUln, sendUln302Abi, 'setDefaultExecutorConfigs', [
    [{ eid: remoteEid, config: { maxMessageSize: 1, executor: label(`${name} default executor`) } }],
  ]);
  // TrETH's OFT: OAppCore's constructor makes the owner its endpoint delegate.
  const oft = await deploy(writer, trETHOFTAbi, trETHOFTBytecode, [endpoint, account.address]);
  const dvns = Object.fromEntries(Object.keys(entry.dvns).map((provider) => [provider, label(`${name} ${provider} dvn`)]));
  return { anvil, writer, eid: entry.eid, endpoint, sendUln, receiveUln, oft, dvns, executor: label(`${name} executor`) };
}

/** The production file, pointed at the local deployments; every security setting is left as shipped. */
function localConfig(local: Record<Spoke, LocalLayerZero>): ProductionConfigFile {
  const config = structuredClone(production);
  for (const [name, entry] of Object.entries(config.chains)) {
    // The hub is validated (every direction must be configured) but not deployed here.
    for (const oapp of Object.keys(entry.oapps)) entry.oapps[oapp] = label(`${name} ${oapp}`);
    const chain = local[name as Spoke];
    if (!chain) continue;
    entry.endpoint = chain.endpoint;
    entry.messageLibs = { SendUln302: chain.sendUln, ReceiveUln302: chain.receiveUln };
    entry.executors = Object.fromEntries(Object.keys(entry.executors).map((executor) => [executor, chain.executor]));
    entry.dvns = chain.dvns;
    entry.oapps.TrETH = chain.oft;
  }
  return config;
}

describe('production pathway config on real LayerZero contracts (anvil)', () => {
  let local: Record<Spoke, LocalLayerZero>;

  beforeAll(async () => {
    const [optimism, arbitrum] = await Promise.all([
      bringUp('optimism', production.chains.arbitrum!.eid),
      bringUp('arbitrum', production.chains.optimism!.eid),
    ]);
    local = { optimism, arbitrum };
  }, 60_000);

  afterAll(async () => {
    await Promise.all(Object.values(local ?? {}).map((chain) => chain.anvil.stop()));
  });

  it('refuses a one-DVN pathway before sending any transaction', async () => {
    const config = localConfig(local);
    config.pathways.find((p) => p.from === 'optimism' && p.to === 'arbitrum')!.requiredDVNs = ['layerzero-labs'];
    const writers = { optimism: local.optimism.writer, arbitrum: local.arbitrum.writer };
    const nonces = await Promise.all(spokes.map((name) => local[name].writer.publicClient.getTransactionCount({ address: account.address })));

    const refusal = applyPathways(config, wiringEnforcedGas, writers, ['optimism->arbitrum']);
    await expect(refusal).rejects.toBeInstanceOf(LzConfigError);
    await expect(refusal).rejects.toThrow(/optimism->arbitrum: requiredDVNs: 1 verifier must sign/);

    const after = await Promise.all(spokes.map((name) => local[name].writer.publicClient.getTransactionCount({ address: account.address })));
    expect(after).toEqual(nonces);
    // The OFT still runs on the endpoint's single-DVN default.
    const uln = await local.optimism.writer.publicClient.readContract({
      address: local.optimism.sendUln,
      abi: sendUln302Abi,
      functionName: 'getUlnConfig',
      args: [local.optimism.oft, local.arbitrum.eid],
    });
    expect(uln.requiredDVNs).toEqual([label('optimism default dvn')]);
  });

  it('applies both spoke<->spoke directions and reads back exactly the configured verifiers', async () => {
    const config = localConfig(local);
    const writers = { optimism: local.optimism.writer, arbitrum: local.arbitrum.writer };
    const applied = await applyPathways(config, wiringEnforcedGas, writers, ['optimism->arbitrum', 'arbitrum->optimism']);
    expect(applied.map((p) => p.id)).toEqual(['optimism->arbitrum', 'arbitrum->optimism']);

    for (const [from, to] of [['optimism', 'arbitrum'], ['arbitrum', 'optimism']] as const) {
      const source = local[from];
      const destination = local[to];
      const entry = config.pathways.find((p) => p.from === from && p.to === to)!;
      const sortedDVNs = (chain: LocalLayerZero) =>
        entry.requiredDVNs.map((provider) => chain.dvns[provider]!).sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1));
      const expectedUln = (chain: LocalLayerZero) => ({
        confirmations: BigInt(entry.confirmations),
        requiredDVNCount: entry.requiredDVNs.length,
        // NIL written, so the default's optional DVN is not inherited.
        optionalDVNCount: 0,
        optionalDVNThreshold: 0,
        requiredDVNs: sortedDVNs(chain),
        optionalDVNs: [],
      });
      expect(entry.requiredDVNs.length).toBeGreaterThanOrEqual(2);

      // Source: send library, executor and ULN config, through the endpoint as integrators read them.
      const sendLibrary = await source.writer.publicClient.readContract({
        address: source.endpoint, abi: endpointV2Abi, functionName: 'getSendLibrary', args: [source.oft, destination.eid],
      });
      expect(sendLibrary).toBe(source.sendUln);
      const sendUlnBytes = await source.writer.publicClient.readContract({
        address: source.endpoint, abi: endpointV2Abi, functionName: 'getConfig', args: [source.oft, source.sendUln, destination.eid, CONFIG_TYPE_ULN],
      });
      expect(decodeUlnConfig(sendUlnBytes)).toEqual(expectedUln(source));
      const executorBytes = await source.writer.publicClient.readContract({
        address: source.endpoint, abi: endpointV2Abi, functionName: 'getConfig', args: [source.oft, source.sendUln, destination.eid, CONFIG_TYPE_EXECUTOR],
      });
      expect(decodeExecutorConfig(executorBytes)).toEqual({ maxMessageSize: entry.maxMessageSize, executor: source.executor });
      const stored = await source.writer.publicClient.readContract({
        address: source.sendUln, abi: sendUln302Abi, functionName: 'getAppUlnConfig', args: [source.oft, destination.eid],
      });
      expect(stored.optionalDVNCount).toBe(NIL_DVN_COUNT);
      const options = await source.writer.publicClient.readContract({
        address: source.oft, abi: trETHOFTAbi, functionName: 'enforcedOptions', args: [destination.eid, 1],
      });
      expect(options).toBe(lzReceiveOption(wiringEnforcedGas.receive.oftCredit!));
      // A composed send (msgType 2) is enforced too: receive gas and compose gas.
      const composeOptions = await source.writer.publicClient.readContract({
        address: source.oft, abi: trETHOFTAbi, functionName: 'enforcedOptions', args: [destination.eid, 2],
      });
      expect(composeOptions).toBe(lzReceiveAndComposeOption(wiringEnforcedGas.receive.oftCompose!, wiringEnforcedGas.compose.oftCompose!));

      // Destination: receive library (not the default) and the ULN config DVNs there must satisfy.
      const [receiveLibrary, isDefault] = await destination.writer.publicClient.readContract({
        address: destination.endpoint, abi: endpointV2Abi, functionName: 'getReceiveLibrary', args: [destination.oft, source.eid],
      });
      expect([receiveLibrary, isDefault]).toEqual([destination.receiveUln, false]);
      const receiveUln = await destination.writer.publicClient.readContract({
        address: destination.receiveUln, abi: receiveUln302Abi, functionName: 'getUlnConfig', args: [destination.oft, source.eid],
      });
      expect(receiveUln).toEqual(expectedUln(destination));
    }
  }, 60_000);

  it('names the pathway when the chain refuses a call (a second application of the same libraries)', async () => {
    const writers = { optimism: local.optimism.writer, arbitrum: local.arbitrum.writer };
    // Applied once (here or by the previous test); EndpointV2 then rejects setting the send library it already has (LZ_SameValue).
    await applyPathways(localConfig(local), wiringEnforcedGas, writers, ['optimism->arbitrum']).catch(() => undefined);
    await expect(applyPathways(localConfig(local), wiringEnforcedGas, writers, ['optimism->arbitrum'])).rejects.toThrow(LzApplyError);
    await expect(applyPathways(localConfig(local), wiringEnforcedGas, writers, ['optimism->arbitrum'])).rejects.toThrow(
      /^optimism->arbitrum: TrETH: send library to arbitrum = SendUln302 0x[0-9a-fA-F]{40}: EndpointV2\.setSendLibrary would revert/,
    );
  });
});
