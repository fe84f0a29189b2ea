/**
 * The timelock helper against OpenZeppelin's compiled TimelockController on one anvil chain. The
 * timelock's own `updateDelay` is the change under test: only the timelock may call it, so it
 * lands only through a scheduled batch.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Address, createPublicClient, createWalletClient, defineChain, getAddress, http, parseEther, toHex, zeroAddress } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { devnetAccounts, devnetRoles } from '@tributary/config';
import { timelockControllerAbi } from './generated/abis.ts';
import { timelockControllerBytecode } from './generated/bytecode.ts';
import { type AnvilNode, startAnvil } from './node/anvil.ts';
import { type TimelockClients, executeTimelocked, isTimelockReady, scheduleTimelocked, throughTimelock } from './timelock.ts';

const DELAY = 2n;
const proposer = privateKeyToAccount(devnetAccounts[devnetRoles.timelockAdmin].privateKey);
let anvil: AnvilNode;
let clients: TimelockClients;
let timelock: Address;

const minDelay = () => clients.publicClient.readContract({ address: timelock, abi: timelockControllerAbi, functionName: 'getMinDelay' });
const updateDelay = (seconds: bigint) => ({ address: timelock, abi: timelockControllerAbi, functionName: 'updateDelay', args: [seconds] });

beforeAll(async () => {
  anvil = await startAnvil({ chainId: 31337 });
  const chain = defineChain({ id: 31337, name: 'timelock test', nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 }, rpcUrls: { default: { http: [anvil.rpcUrl] } } });
  clients = {
    publicClient: createPublicClient({ chain, transport: http(), pollingInterval: 50 }),
    walletClient: createWalletClient({ chain, transport: http(), account: proposer }),
  };
  // The test anvil funds only its first ten accounts.
  await clients.publicClient.request({ method: 'anvil_setBalance' as never, params: [proposer.address, toHex(parseEther('10'))] as never });
  const hash = await clients.walletClient.deployContract({ abi: timelockControllerAbi, bytecode: timelockControllerBytecode, args: [DELAY, [proposer.address], [proposer.address], zeroAddress] });
  timelock = getAddress((await clients.publicClient.waitForTransactionReceipt({ hash })).contractAddress!);
});

afterAll(async () => {
  await anvil?.stop();
});

describe('throughTimelock', { timeout: 30_000 }, () => {
  it('schedules with the minimum delay and executes only once the chain\'s clock has passed it', async () => {
    const operation = await scheduleTimelocked(clients, timelock, [updateDelay(DELAY + 1n)]);
    const scheduledAt = (await clients.publicClient.getBlock()).timestamp;
    expect(operation.readyAt).toBe(scheduledAt + DELAY);
    expect(await isTimelockReady(clients.publicClient, operation)).toBe(false);
    expect(await minDelay()).toBe(DELAY);

    await executeTimelocked(clients, operation);
    expect(await minDelay()).toBe(DELAY + 1n);
    expect((await clients.publicClient.getBlock()).timestamp).toBeGreaterThanOrEqual(operation.readyAt);
  });

  it('gives every batch a fresh salt, so the same change can go through twice', async () => {
    const first = await scheduleTimelocked(clients, timelock, [updateDelay(DELAY)]);
    const second = await scheduleTimelocked(clients, timelock, [updateDelay(DELAY)]);
    expect(second.id).not.toBe(first.id);
    await executeTimelocked(clients, first);
    await executeTimelocked(clients, second);
    expect(await clients.publicClient.readContract({ address: timelock, abi: timelockControllerAbi, functionName: 'isOperationDone', args: [second.id] })).toBe(true);
    expect(await minDelay()).toBe(DELAY);
  });

  it('refuses a batch from an account without the proposer role', async () => {
    const stranger = { ...clients, walletClient: createWalletClient({ chain: clients.walletClient.chain, transport: http(), account: privateKeyToAccount(devnetAccounts[devnetRoles.deployer].privateKey) }) };
    await expect(throughTimelock(stranger, timelock, [updateDelay(0n)])).rejects.toThrow(/AccessControlUnauthorizedAccount/);
    expect(await minDelay()).toBe(DELAY);
  });
});
