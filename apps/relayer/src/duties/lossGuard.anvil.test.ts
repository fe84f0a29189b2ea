/**
 * The loss guard against the real contracts on a throwaway anvil and the beacon simulator's API,
 * with reports applied by a real oracle member through TributaryOracle: a slashing pauses instant
 * exits until the next report, which lifts the pause on chain (the guard, also after a restart,
 * only records it); the guard's key cannot resume anything, and a guardian's pause outlives the
 * report and is never lifted by the guard.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Abi, type Address, type Hex, concatHex, createPublicClient, createTestClient, createWalletClient, http, keccak256, parseEther, sliceHex, toHex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BeaconModel, GWEI, serveBeaconApi } from '@tributary/beacon-sim';
import { chains, devnetAccounts, devnetOracleMembers, devnetRoles } from '@tributary/config';
import {
  type Manifest,
  beaconDepositContractAbi,
  nodeOperatorRegistryAbi,
  oracleReportSanityCheckerAbi,
  trETHAbi,
  tributaryOracleAbi,
  viemChain,
  weth9Abi,
  withdrawalQueueAbi,
} from '@tributary/contracts';
import {
  beaconDepositContractBytecode,
  nodeOperatorRegistryBytecode,
  oracleReportSanityCheckerBytecode,
  trETHBytecode,
  tributaryOracleBytecode,
  weth9Bytecode,
  withdrawalQueueBytecode,
} from '@tributary/contracts/bytecode';
import { type AnvilNode, startAnvil } from '@tributary/contracts/node';
import { BeaconClient } from '../beacon.ts';
import { chainClients } from '../chains.ts';
import { silentLogger } from '../log.ts';
import { RelayerMetrics } from '../metrics.ts';
import { CheckpointStore } from '../store.ts';
import { defaultTxOptions } from '../config.ts';
import { type Context, Signers } from '../signer.ts';
import { LossGuard } from './lossGuard.ts';
import { OracleMember } from './oracleMember.ts';

const admin = privateKeyToAccount(devnetAccounts[0].privateKey);
const staker = privateKeyToAccount(devnetAccounts[3].privateKey);
const guardAccount = privateKeyToAccount(devnetAccounts[devnetRoles.lossGuard].privateKey);
const memberAccount = privateKeyToAccount(devnetAccounts[devnetOracleMembers[0]].privateKey);
const SECONDS_PER_SLOT = 12;
const SLOTS_PER_FRAME = 32;
const FRAME_SECONDS = SECONDS_PER_SLOT * SLOTS_PER_FRAME;

let anvil: AnvilNode;
let manifest: Manifest;
let model: BeaconModel;
let beaconUrl: string;
let server: Server;
let dir: string;
let pubkeys: Hex[];
/** The beacon simulator's clock: the hub's latest block time, so both chains agree on the slot. */
let clock = 0;

const chain = () => viemChain('hub', anvil.rpcUrl);
const pub = () => createPublicClient({ chain: chain(), transport: http(anvil.rpcUrl), cacheTime: 0 });
const test = () => createTestClient({ chain: chain(), mode: 'anvil', transport: http(anvil.rpcUrl) });
const wallet = (account: typeof admin) => createWalletClient({ chain: chain(), account, transport: http(anvil.rpcUrl) });
const trETH = () => ({ address: manifest.chains.hub.contracts.TrETH, abi: trETHAbi }) as const;
const instantPaused = async () => (await pub().readContract({ ...trETH(), functionName: 'paused' }))[1];

async function send(account: typeof admin, call: { address: Address; abi: Abi; functionName: string; args?: readonly unknown[]; value?: bigint }) {
  const hash = await wallet(account).writeContract(call as never);
  expect((await pub().waitForTransactionReceipt({ hash })).status).toBe('success');
}

async function deploy(abi: Abi, bytecode: Hex, args: readonly unknown[], value = 0n): Promise<Address> {
  const hash = await wallet(admin).deployContract({ abi, bytecode, args, value } as never);
  return (await pub().waitForTransactionReceipt({ hash })).contractAddress!;
}

/** Mines a block at `time` and moves the beacon clock there. */
async function warpTo(time: number) {
  await test().setNextBlockTimestamp({ timestamp: BigInt(time) });
  await test().mine({ blocks: 1 });
  clock = time;
}

/** To a few slots into the next oracle frame, so its report is due and its reference slot final. */
async function nextFrame() {
  const genesis = model.config.genesisTime;
  await warpTo(genesis + (Math.floor((clock - genesis) / FRAME_SECONDS) + 1) * FRAME_SECONDS + 5 * SECONDS_PER_SLOT);
}

/** A checkpoint database that outlives one guard instance, as a relayer restart would find it. */
function context(): Context {
  return { store: new CheckpointStore(join(dir, 'relayer.sqlite')), metrics: new RelayerMetrics(), log: silentLogger, tx: defaultTxOptions };
}

function guard(ctx: Context): LossGuard {
  return new LossGuard({ manifest, clients: chainClients(manifest), ctx, signers: new Signers(ctx) }, guardAccount, new BeaconClient(beaconUrl));
}

/** Applies the due report as the committee would (one member, quorum one). */
async function report() {
  const ctx = context();
  const before = await pub().readContract({ ...trETH(), functionName: 'lastReportTime' });
  await new OracleMember({ manifest, clients: chainClients(manifest), ctx, signers: new Signers(ctx) }, memberAccount, new BeaconClient(beaconUrl)).tick();
  ctx.store.close();
  expect(await pub().readContract({ ...trETH(), functionName: 'lastReportTime' })).toBeGreaterThan(before);
}

async function slash(pubkey: Hex) {
  const response = await fetch(`${beaconUrl}/tributary/v1/slash`, { method: 'POST', body: JSON.stringify({ pubkey, amount_gwei: String(GWEI) }) });
  expect(response.ok).toBe(true);
  // The slashing shows in the state of the next slot.
  await warpTo(clock + SECONDS_PER_SLOT);
}

/** The staker's instant exit of 0.1 trETH, simulated: what a holder who saw the loss would send. */
const instantExit = () =>
  pub().simulateContract({ ...trETH(), functionName: 'redeem', args: [parseEther('0.1'), staker.address, staker.address], account: staker });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'loss-guard-'));
  anvil = await startAnvil({ chainId: chains.hub.chainId });
  for (const account of [guardAccount, memberAccount]) await test().setBalance({ address: account.address, value: parseEther('10') });
  clock = Number((await pub().getBlock()).timestamp);
  const genesisTime = clock - 10 * FRAME_SECONDS;
  model = new BeaconModel({ genesisTime, secondsPerSlot: SECONDS_PER_SLOT, slotsPerEpoch: 4, aprBps: 0, activationDelaySlots: 1 });
  server = await serveBeaconApi({ model, now: () => clock, finalityLagEpochs: 0 }, 0);
  beaconUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const weth = await deploy(weth9Abi, weth9Bytecode, []);
  const depositContract = await deploy(beaconDepositContractAbi, beaconDepositContractBytecode, []);
  const registry = await deploy(nodeOperatorRegistryAbi, nodeOperatorRegistryBytecode, [admin.address, 10_000]);
  const pool = await deploy(trETHAbi, trETHBytecode, [admin.address, weth, depositContract, registry, admin.address, 0, 0, BigInt(SECONDS_PER_SLOT)], parseEther('0.001'));
  const limits = { annualBalanceIncreaseBps: 1000, maxPositiveRebasePpb: 750_000, maxBalanceDecreaseBps: 500, maxAppearedValidatorsPerReport: 1800, maxExitedValidatorsPerReport: 3600 };
  const checker = await deploy(oracleReportSanityCheckerAbi, oracleReportSanityCheckerBytecode, [admin.address, limits]);
  const queue = await deploy(withdrawalQueueAbi, withdrawalQueueBytecode, [pool, admin.address]);
  const frameConfig = { genesisTime: BigInt(genesisTime), secondsPerSlot: BigInt(SECONDS_PER_SLOT), slotsPerFrame: BigInt(SLOTS_PER_FRAME) };
  const oracle = await deploy(tributaryOracleAbi, tributaryOracleBytecode, [admin.address, pool, frameConfig]);
  await send(admin, { address: registry, abi: nodeOperatorRegistryAbi, functionName: 'setPool', args: [pool] });
  await send(admin, { address: pool, abi: trETHAbi, functionName: 'setSanityChecker', args: [checker] });
  await send(admin, { address: pool, abi: trETHAbi, functionName: 'setWithdrawalQueue', args: [queue] });
  await send(admin, { address: pool, abi: trETHAbi, functionName: 'setOracle', args: [oracle] });
  await send(admin, { address: oracle, abi: tributaryOracleAbi, functionName: 'addMember', args: [memberAccount.address] });
  const role = (name: 'KEEPER_ROLE' | 'PAUSER_ROLE') => pub().readContract({ address: pool, abi: trETHAbi, functionName: name });
  await send(admin, { address: pool, abi: trETHAbi, functionName: 'grantRole', args: [await role('KEEPER_ROLE'), admin.address] });
  await send(admin, { address: pool, abi: trETHAbi, functionName: 'grantRole', args: [await role('PAUSER_ROLE'), admin.address] });
  await send(admin, { address: pool, abi: trETHAbi, functionName: 'grantRole', args: [await role('PAUSER_ROLE'), guardAccount.address] });
  await send(admin, { address: registry, abi: nodeOperatorRegistryAbi, functionName: 'addOperator', args: ['op', admin.address] });
  const seeds = [1, 2, 3].map((n) => keccak256(toHex(n)));
  pubkeys = seeds.map((seed) => concatHex([seed, sliceHex(keccak256(seed), 0, 16)]));
  await send(admin, { address: registry, abi: nodeOperatorRegistryAbi, functionName: 'addSigningKeys', args: [0n, 3n, concatHex(pubkeys), concatHex(seeds.map((seed) => concatHex([seed, seed, seed])))] });
  await send(admin, { address: registry, abi: nodeOperatorRegistryAbi, functionName: 'setStakingLimit', args: [0n, 3n] });

  // Three validators staked (one slashed per test), plus 1 ETH left in the buffer for instant exits.
  await send(staker, { address: pool, abi: trETHAbi, functionName: 'depositETH', args: [staker.address, 0n], value: parseEther('97') });
  await send(admin, { address: pool, abi: trETHAbi, functionName: 'depositBufferedEther', args: [3n] });
  const withdrawalCredentials = await pub().readContract({ address: pool, abi: trETHAbi, functionName: 'withdrawalCredentials' });
  clock = Number((await pub().getBlock()).timestamp);
  for (const pubkey of pubkeys) model.addDeposit({ pubkey, withdrawalCredentials, amountGwei: 32n * GWEI, time: clock });

  const vault = await pub().readContract({ address: pool, abi: trETHAbi, functionName: 'WITHDRAWAL_VAULT' });
  const contracts = { TrETH: pool, NodeOperatorRegistry: registry, BeaconDepositContract: depositContract, TributaryOracle: oracle, WithdrawalQueue: queue, WithdrawalVault: vault, OracleReportSanityChecker: checker, WETH: weth };
  const base = { role: 'hub', chainId: chains.hub.chainId, eid: chains.hub.eid, rpcUrl: anvil.rpcUrl };
  // Only the hub is used; the spokes point at it so the manifest is complete.
  manifest = { chains: { hub: { ...base, contracts }, alpha: { ...base, role: 'spoke', contracts: {} }, beta: { ...base, role: 'spoke', contracts: {} } } } as unknown as Manifest;

  await nextFrame();
  await report();
}, 120_000);

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await anvil?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** What the guard's key gets when it tries to lift a pause: only the admin (the timelock) resumes. */
const guardResume = (functionName: 'resumeInstantWithdrawals' | 'resumeDeposits') =>
  pub().simulateContract({ ...trETH(), functionName, account: guardAccount });

/** The loss_guard_paused gauge a guard on `ctx` last set. */
const pauseGauge = async (ctx: Context) => (await ctx.metrics.lossGuardPaused.get()).values[0]?.value;

describe('LossGuard', () => {
  it('pauses instant exits on a slashing until the next report, which lifts the pause, across a restart', async () => {
    const before = context();
    expect(await guard(before).tick()).toEqual({ kind: 'none', reason: 'no-loss' });
    await instantExit();

    await slash(pubkeys[0]!);
    expect((await guard(before).tick()).kind).toBe('pause');
    expect(await instantPaused()).toBe(true);
    expect(await pauseGauge(before)).toBe(1);
    // The holder who saw the slashing can no longer exit at the pre-loss rate.
    await expect(instantExit()).rejects.toThrow(/TrETH_WithdrawalsPaused/);
    // Still no report since: the pause holds, and the guard's own key cannot lift it.
    expect(await guard(before).tick()).toEqual({ kind: 'none', reason: 'paused-by-guard' });
    await expect(guardResume('resumeInstantWithdrawals')).rejects.toThrow(/AccessControlUnauthorizedAccount/);
    await expect(guardResume('resumeDeposits')).rejects.toThrow(/AccessControlUnauthorizedAccount/);
    before.store.close();

    await nextFrame();
    await report();
    // The report lifted the pause on chain, before the guard looked again.
    expect(await instantPaused()).toBe(false);
    await instantExit();
    // A new process on the same checkpoint database knows the pause was its own and drops it.
    const after = context();
    expect(await guard(after).tick()).toEqual({ kind: 'lifted', stillPaused: false });
    expect(await pauseGauge(after)).toBe(0);
    expect(await guard(after).tick()).toEqual({ kind: 'none', reason: 'no-loss' });
    after.store.close();
  });

  it('leaves a guardian pause made over its own in force after the report, for the admin to lift', async () => {
    const ctx = context();
    await slash(pubkeys[1]!);
    expect((await guard(ctx).tick()).kind).toBe('pause');
    await send(admin, { ...trETH(), functionName: 'pauseInstantWithdrawals' });

    await nextFrame();
    await report();
    expect(await guard(ctx).tick()).toEqual({ kind: 'lifted', stillPaused: true });
    await expect(instantExit()).rejects.toThrow(/TrETH_WithdrawalsPaused/);
    await expect(guardResume('resumeInstantWithdrawals')).rejects.toThrow(/AccessControlUnauthorizedAccount/);
    expect(await guard(ctx).tick()).toEqual({ kind: 'none', reason: 'no-loss' });
    expect(await instantPaused()).toBe(true);

    // The admin (the timelock on a deployed system) resumes.
    await send(admin, { ...trETH(), functionName: 'resumeInstantWithdrawals' });
    await instantExit();
    ctx.store.close();
  });

  it('never acts on a pause someone else made, even after the report that shows the loss', async () => {
    const ctx = context();
    await send(admin, { ...trETH(), functionName: 'pauseInstantWithdrawals' });
    await slash(pubkeys[2]!);
    expect(await guard(ctx).tick()).toEqual({ kind: 'none', reason: 'paused-by-other' });

    await nextFrame();
    await report();
    expect(await guard(ctx).tick()).toEqual({ kind: 'none', reason: 'no-loss' });
    expect(await instantPaused()).toBe(true);
    ctx.store.close();
  });
});
