/**
 * Changes to Tributary's configuration go through each chain's OpenZeppelin TimelockController
 * (docs/roles.md): a proposer schedules a batch of calls, the chain's clock passes the delay, and an
 * executor runs it. One path for the deploy's handover, scripts and tests alike.
 */
import {
  type Abi,
  type Account,
  type Address,
  type Chain,
  type Hex,
  type PublicClient,
  type Transport,
  type WalletClient,
  encodeFunctionData,
  toHex,
  zeroHash,
} from 'viem';
import { timelockControllerAbi } from './generated/abis.ts';

/** One call the timelock makes as owner or admin. */
export interface TimelockCall {
  address: Address;
  abi: Abi;
  functionName: string;
  args?: readonly unknown[];
  value?: bigint;
}

/** A scheduled batch: what `executeTimelocked` needs to run it, and when it may. */
export interface TimelockOperation {
  timelock: Address;
  id: Hex;
  targets: Address[];
  values: bigint[];
  payloads: Hex[];
  salt: Hex;
  /** The first block timestamp at which the batch may execute. */
  readyAt: bigint;
}

export interface TimelockClients {
  publicClient: PublicClient<Transport, Chain | undefined>;
  /** Holds the timelock's proposer role (to schedule) and executor role (to execute). */
  walletClient: WalletClient<Transport, Chain, Account>;
}

export class TimelockError extends Error {
  override name = 'TimelockError';
}

async function sendTimelock(clients: TimelockClients, timelock: Address, functionName: 'scheduleBatch' | 'executeBatch', args: readonly unknown[], value = 0n): Promise<void> {
  const { publicClient, walletClient } = clients;
  // Simulated on the pending block: its timestamp is the one the transaction will run at.
  // executeBatch is payable (it forwards the calls' values); scheduleBatch is not.
  const { request } = await publicClient.simulateContract({
    account: walletClient.account,
    address: timelock,
    abi: timelockControllerAbi,
    functionName,
    args,
    ...(value > 0n ? { value } : {}),
    blockTag: 'pending',
  } as never);
  const hash = await walletClient.writeContract(request as never);
  const receipt = await publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== 'success') throw new TimelockError(`${functionName} on timelock ${timelock} reverted in ${hash}`);
}

/**
 * Schedules `calls` as one batch with the timelock's minimum delay. Each batch gets a fresh salt,
 * so the same change (a pause lifted twice) can be scheduled again.
 */
export async function scheduleTimelocked(clients: TimelockClients, timelock: Address, calls: readonly TimelockCall[]): Promise<TimelockOperation> {
  const read = <T>(functionName: 'getMinDelay' | 'hashOperationBatch' | 'getTimestamp', args?: readonly unknown[]) =>
    clients.publicClient.readContract({ address: timelock, abi: timelockControllerAbi, functionName, args: args as never }) as Promise<T>;
  const targets = calls.map((call) => call.address);
  const values = calls.map((call) => call.value ?? 0n);
  const payloads = calls.map((call) => encodeFunctionData({ abi: call.abi, functionName: call.functionName, args: call.args ?? [] } as never));
  const salt = toHex(crypto.getRandomValues(new Uint8Array(32)));
  const delay = await read<bigint>('getMinDelay');
  await sendTimelock(clients, timelock, 'scheduleBatch', [targets, values, payloads, zeroHash, salt, delay]);
  const id = await read<Hex>('hashOperationBatch', [targets, values, payloads, zeroHash, salt]);
  return { timelock, id, targets, values, payloads, salt, readyAt: await read<bigint>('getTimestamp', [id]) };
}

/** Whether the next block may execute `operation` (the timelock's own check, on the pending block). */
export async function isTimelockReady(publicClient: TimelockClients['publicClient'], operation: TimelockOperation): Promise<boolean> {
  return publicClient.readContract({ address: operation.timelock, abi: timelockControllerAbi, functionName: 'isOperationReady', args: [operation.id], blockTag: 'pending' });
}

/**
 * Waits until the timelock reports `operation` ready, then executes it. `pollMs` is how often the
 * pending block's clock is asked; the wait ends on the chain's condition, not a fixed sleep.
 */
export async function executeTimelocked(clients: TimelockClients, operation: TimelockOperation, { pollMs = 200, timeoutMs = 120_000 } = {}): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await isTimelockReady(clients.publicClient, operation))) {
    if (Date.now() > deadline) throw new TimelockError(`timelock operation ${operation.id} was not ready after ${timeoutMs} ms (ready at ${operation.readyAt})`);
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  const value = operation.values.reduce((sum, each) => sum + each, 0n);
  await sendTimelock(clients, operation.timelock, 'executeBatch', [operation.targets, operation.values, operation.payloads, zeroHash, operation.salt], value);
}

/** Schedules `calls`, waits out the delay and executes them: a configuration change as production makes it. */
export async function throughTimelock(clients: TimelockClients, timelock: Address, calls: readonly TimelockCall[]): Promise<void> {
  await executeTimelocked(clients, await scheduleTimelocked(clients, timelock, calls));
}
