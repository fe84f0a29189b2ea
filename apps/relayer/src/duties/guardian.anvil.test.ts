/**
 * The guardian duty against the real contracts on a throwaway anvil and the beacon simulator's
 * Beacon API: it signs what the DepositSecurityModule accepts, and refuses and pauses when a key
 * about to be used already has a deposit, whether the deposit contract's logs or only the beacon
 * chain shows it.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type Abi,
  type Address,
  type Hex,
  concatHex,
  createPublicClient,
  createTestClient,
  createWalletClient,
  http,
  keccak256,
  padHex,
  parseEther,
  sliceHex,
  toHex,
} from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BeaconModel, serveBeaconApi } from '@tributary/beacon-sim';
import { chains, devnetAccounts, devnetGuardians } from '@tributary/config';
import {
  type Manifest,
  beaconDepositContractAbi,
  depositDataRoot,
  depositSecurityModuleAbi,
  nodeOperatorRegistryAbi,
  trETHAbi,
  viemChain,
  weth9Abi,
} from '@tributary/contracts';
import {
  beaconDepositContractBytecode,
  depositSecurityModuleBytecode,
  nodeOperatorRegistryBytecode,
  trETHBytecode,
  weth9Bytecode,
} from '@tributary/contracts/bytecode';
import { type AnvilNode, startAnvil } from '@tributary/contracts/node';
import { BeaconClient } from '../beacon.ts';
import { chainClients } from '../chains.ts';
import { silentLogger } from '../log.ts';
import { RelayerMetrics } from '../metrics.ts';
import { CheckpointStore } from '../store.ts';
import { defaultTxOptions } from '../config.ts';
import { type Context, Signers } from '../signer.ts';
import { Guardian, MemoryAttestationBoard, pickQuorum, splitPubkeys } from './guardian.ts';

const admin = privateKeyToAccount(devnetAccounts[0].privateKey);
const staker = privateKeyToAccount(devnetAccounts[3].privateKey);
const attacker = privateKeyToAccount(devnetAccounts[4].privateKey);
const guardianAccounts = devnetGuardians.map((index) => privateKeyToAccount(devnetAccounts[index].privateKey));
const GWEI = 10n ** 9n;

let anvil: AnvilNode;
let manifest: Manifest;
let ctx: Context;
let signers: Signers;
const servers: Server[] = [];

const chain = () => viemChain('hub', anvil.rpcUrl);
const pub = () => createPublicClient({ chain: chain(), transport: http(anvil.rpcUrl), cacheTime: 0 });
const wallet = (account: typeof admin) => createWalletClient({ chain: chain(), account, transport: http(anvil.rpcUrl) });
const hub = () => manifest.chains.hub.contracts;
const dsm = () => ({ address: hub().DepositSecurityModule, abi: depositSecurityModuleAbi }) as const;

async function send(account: typeof admin, call: { address: Address; abi: Abi; functionName: string; args?: readonly unknown[]; value?: bigint }) {
  const hash = await wallet(account).writeContract(call as never);
  const receipt = await pub().waitForTransactionReceipt({ hash });
  expect(receipt.status).toBe('success');
}

async function deploy(abi: Abi, bytecode: Hex, args: readonly unknown[], value = 0n): Promise<Address> {
  const hash = await wallet(admin).deployContract({ abi, bytecode, args, value } as never);
  return (await pub().waitForTransactionReceipt({ hash })).contractAddress!;
}

/** A beacon chain of its own per test: what it knows is set by the test. */
async function beacon(): Promise<{ model: BeaconModel; client: BeaconClient }> {
  const now = () => Math.floor(Date.now() / 1000);
  const model = new BeaconModel({ genesisTime: now() - 10_000, secondsPerSlot: 12, slotsPerEpoch: 4, aprBps: 0, activationDelaySlots: 1 });
  const server = await serveBeaconApi({ model, now, finalityLagEpochs: 2 }, 0);
  servers.push(server);
  return { model, client: new BeaconClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}`) };
}

const guardian = (index: number, client: BeaconClient, board: MemoryAttestationBoard) =>
  new Guardian({ manifest, clients: chainClients(manifest), ctx, signers }, guardianAccounts[index]!, client, board);

const nextKeys = async () =>
  splitPubkeys(await pub().readContract({ address: hub().NodeOperatorRegistry, abi: nodeOperatorRegistryAbi, functionName: 'nextKeys', args: [16n] }));

beforeAll(async () => {
  anvil = await startAnvil({ chainId: chains.hub.chainId });
  const test = createTestClient({ chain: chain(), mode: 'anvil', transport: http(anvil.rpcUrl) });
  for (const account of guardianAccounts) await test.setBalance({ address: account.address, value: parseEther('10') });

  const weth = await deploy(weth9Abi, weth9Bytecode, []);
  const depositContract = await deploy(beaconDepositContractAbi, beaconDepositContractBytecode, []);
  const registry = await deploy(nodeOperatorRegistryAbi, nodeOperatorRegistryBytecode, [admin.address, 10_000]);
  const trETH = await deploy(trETHAbi, trETHBytecode, [admin.address, weth, depositContract, registry, admin.address, 0, 0, 12n], parseEther('0.001'));
  const limits = { maxDepositsPerBlock: 16n, minDepositBlockDistance: 1n, maxSignatureAge: 64n, pauseIntentValidityPeriod: 64n };
  const module = await deploy(depositSecurityModuleAbi, depositSecurityModuleBytecode, [admin.address, trETH, depositContract, registry, guardianAccounts.map((a) => a.address), 2n, limits]);
  await send(admin, { address: registry, abi: nodeOperatorRegistryAbi, functionName: 'setPool', args: [trETH] });
  const keeperRole = await pub().readContract({ address: trETH, abi: trETHAbi, functionName: 'KEEPER_ROLE' });
  await send(admin, { address: trETH, abi: trETHAbi, functionName: 'grantRole', args: [keeperRole, module] });
  await send(admin, { address: registry, abi: nodeOperatorRegistryAbi, functionName: 'addOperator', args: ['op', attacker.address] });
  const keys = [1, 2, 3, 4].map((n) => keccak256(toHex(n)));
  const pubkeys = concatHex(keys.map((seed) => concatHex([seed, sliceHex(keccak256(seed), 0, 16)])));
  const signatures = concatHex(keys.map((seed) => concatHex([seed, seed, seed])));
  await send(admin, { address: registry, abi: nodeOperatorRegistryAbi, functionName: 'addSigningKeys', args: [0n, 4n, pubkeys, signatures] });
  await send(admin, { address: registry, abi: nodeOperatorRegistryAbi, functionName: 'setStakingLimit', args: [0n, 4n] });

  const base = { role: 'hub', chainId: chains.hub.chainId, eid: chains.hub.eid, rpcUrl: anvil.rpcUrl };
  const contracts = { TrETH: trETH, NodeOperatorRegistry: registry, BeaconDepositContract: depositContract, DepositSecurityModule: module, WETH: weth };
  // Only the hub is used; the spokes point at it so the manifest is complete.
  manifest = { chains: { hub: { ...base, contracts }, alpha: { ...base, role: 'spoke', contracts: {} }, beta: { ...base, role: 'spoke', contracts: {} } } } as unknown as Manifest;
  ctx = { store: new CheckpointStore(':memory:'), metrics: new RelayerMetrics(), log: silentLogger, tx: defaultTxOptions };
  signers = new Signers(ctx);
}, 60_000);

afterAll(async () => {
  for (const server of servers) await new Promise((resolve) => server.close(resolve));
  await anvil?.stop();
});

beforeEach(async () => {
  if (await pub().readContract({ ...dsm(), functionName: 'paused' })) await send(admin, { ...dsm(), functionName: 'unpauseDeposits' });
});

describe('Guardian', () => {
  it('signs the current root and nonce, and a quorum of its signatures deposits through the module', async () => {
    const { client } = await beacon();
    const board = new MemoryAttestationBoard();
    for (const index of [0, 1]) expect((await guardian(index, client, board).tick()).kind).toBe('signed');
    const reader = pub();
    const [head, depositRoot, keysNonce] = await Promise.all([
      reader.getBlockNumber(),
      reader.readContract({ address: hub().BeaconDepositContract, abi: beaconDepositContractAbi, functionName: 'get_deposit_root' }),
      reader.readContract({ address: hub().NodeOperatorRegistry, abi: nodeOperatorRegistryAbi, functionName: 'keysNonce' }),
    ]);
    const picked = pickQuorum(board.attestations(), { depositRoot, keysNonce, head, maxSignatureAge: 64n, quorum: 2n, guardians: guardianAccounts.map((a) => a.address) });
    expect(picked?.signatures).toHaveLength(2);

    await send(staker, { address: hub().TrETH, abi: trETHAbi, functionName: 'depositETH', args: [staker.address, 0n], value: parseEther('32') });
    // The staker's deposit moved neither the root nor the nonce: the attestations still hold.
    await send(staker, { ...dsm(), functionName: 'depositBufferedEther', args: [1n, picked!.blockNumber, picked!.blockHash, depositRoot, keysNonce, picked!.signatures] });
    expect((await reader.readContract({ address: hub().TrETH, abi: trETHAbi, functionName: 'beaconStats' }))[0]).toBe(1n);
  });

  it('refuses and pauses when the beacon chain already holds a key about to be used', async () => {
    const { model, client } = await beacon();
    const [, second] = await nextKeys();
    // Known to the beacon chain only (no log on this chain): the Beacon API check must catch it.
    model.addDeposit({ pubkey: second!, withdrawalCredentials: padHex('0x01', { size: 32, dir: 'right' }), amountGwei: GWEI, time: Math.floor(Date.now() / 1000) - 60 });
    const board = new MemoryAttestationBoard();
    const outcome = await guardian(0, client, board).tick();
    expect(outcome).toEqual({ kind: 'refused', pubkeys: [second] });
    expect(board.attestations()).toEqual([]);
    expect(await pub().readContract({ ...dsm(), functionName: 'paused' })).toBe(true);
    // Another guardian ticking while paused signs nothing either.
    expect(await guardian(1, client, board).tick()).toEqual({ kind: 'idle', reason: 'paused' });
  });

  it('refuses, withdraws its attestation and pauses after an operator front-runs its next key', async () => {
    const { client } = await beacon();
    const board = new MemoryAttestationBoard();
    const honest = guardian(2, client, board);
    expect((await honest.tick()).kind).toBe('signed');
    expect(board.attestations()).toHaveLength(1);

    const [target] = await nextKeys();
    const credentials = concatHex(['0x01', padHex('0x', { size: 11 }), attacker.address]);
    const signature = padHex('0x', { size: 96 });
    await send(attacker, {
      address: hub().BeaconDepositContract,
      abi: beaconDepositContractAbi,
      functionName: 'deposit',
      args: [target, credentials, signature, depositDataRoot(target!, credentials, signature, GWEI)],
      value: parseEther('1'),
    });

    expect(await honest.tick()).toEqual({ kind: 'refused', pubkeys: [target] });
    expect(board.attestations()).toEqual([]);
    expect(await pub().readContract({ ...dsm(), functionName: 'paused' })).toBe(true);
  });
});
