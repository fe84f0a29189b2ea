import { type Abi, type Account, type Address, type Chain, type Client, type Hash, type TransactionReceipt, type Transport, erc20Abi } from 'viem';
import { estimateContractGas, getTransaction, readContract, simulateContract, waitForTransactionReceipt, writeContract } from 'viem/actions';
import { TransactionRevertedError, TributaryError, decodeTributaryError } from '../errors.js';
import type { ChainRef } from '../manifest.js';

/** A client that signs: the write actions send with its account. */
export type SignerClient = Client<Transport, Chain | undefined, Account>;

/** What a revert message needs to say more than the error itself carries. */
export interface RevertContext {
  dstEid?: number;
  amount?: bigint;
}

/** A contract call, before it is checked against the chain. */
export interface ContractCall {
  address: Address;
  abi: Abi;
  functionName: string;
  args: readonly unknown[];
  value?: bigint;
}

/**
 * A contract call checked against the chain and given a gas limit: what the `prepare*` actions
 * return, ready for any wallet (`walletClient.writeContract(request)`, wagmi's `writeContract`).
 */
export interface ContractRequest extends ContractCall {
  account: Address;
  /** The estimate plus a margin (see {@link withGasMargin}). */
  gas: bigint;
  /** The chain it must be sent on. */
  chainId: number;
}

/**
 * Gas limit from an estimate, plus a quarter. An estimate is exact for the state it ran on (anvil
 * returns the gas the call used, to the unit), and a transaction mined just before can make the
 * call cost more: on the devnet exact estimates have run out of gas when mined. Unused gas is not
 * charged.
 */
export function withGasMargin(estimate: bigint): bigint {
  return (estimate * 125n) / 100n;
}

/** The name messages use for a chain. */
export const labelOf = (chain: ChainRef): string => chain.label ?? chain.name;

/** Awaits a read, turning a revert into the SDK's typed error. */
export async function read<T>(chain: ChainRef, call: Promise<T>, context?: RevertContext): Promise<T> {
  try {
    return await call;
  } catch (error) {
    throw decodeTributaryError(error, labelOf(chain), context);
  }
}

/** Checks `call` from `account` against the chain (a revert surfaces as a typed error before signing) and sizes its gas. */
export async function prepareCall(client: Client, chain: ChainRef, call: ContractCall, account: Address, context?: RevertContext): Promise<ContractRequest> {
  const checked = { ...call, account } as never;
  try {
    await simulateContract(client, checked);
    const gas = withGasMargin(await estimateContractGas(client, checked));
    return { ...call, account, gas, chainId: chain.chainId };
  } catch (error) {
    throw decodeTributaryError(error, labelOf(chain), context);
  }
}

/** Sends a prepared request with the client's account and waits for it to succeed; a mined revert is replayed to name it. */
export async function sendRequest(client: SignerClient, chain: ChainRef, request: ContractRequest, context?: RevertContext): Promise<{ hash: Hash; receipt: TransactionReceipt }> {
  const { chainId: _, account: __, ...call } = request;
  let hash: Hash;
  try {
    hash = await writeContract(client, { ...call, account: client.account, chain: client.chain ?? null } as never);
  } catch (error) {
    throw decodeTributaryError(error, labelOf(chain), context);
  }
  const receipt = await waitForTransactionReceipt(client, { hash });
  if (receipt.status !== 'success') throw await explainMinedRevert(client, chain, request, receipt, context);
  return { hash, receipt };
}

/**
 * Replays a transaction that reverted once mined on the state its block left, with its gas, to
 * name the revert: the chain changed between the check and the block, or the gas fell short.
 */
export async function explainMinedRevert(
  client: Client,
  chain: ChainRef,
  call: ContractCall,
  receipt: TransactionReceipt,
  context?: RevertContext,
): Promise<TransactionRevertedError> {
  const transaction = await getTransaction(client, { hash: receipt.transactionHash });
  let cause: unknown;
  try {
    await simulateContract(client, { ...call, account: transaction.from, gas: transaction.gas, blockNumber: receipt.blockNumber } as never);
  } catch (error) {
    cause = decodeTributaryError(error, labelOf(chain), context);
  }
  return new TransactionRevertedError(labelOf(chain), call.functionName, receipt.transactionHash, receipt.gasUsed, transaction.gas, cause === undefined ? undefined : { cause });
}

export function checkBps(bps: number): bigint {
  if (!Number.isInteger(bps) || bps < 0 || bps > 10_000) throw new TributaryError(`slippageBps must be an integer from 0 to 10000, got ${bps}`);
  return BigInt(bps);
}

export function checkPositive(amount: bigint, what: string): void {
  if (amount <= 0n) throw new TributaryError(`${what} must be positive, got ${amount}`);
}

/** `amount` less `bps` basis points, rounded down: the least a write accepts. */
export const withSlippage = (amount: bigint, bps: number): bigint => (amount * (10_000n - checkBps(bps))) / 10_000n;

/** The logs `address` emitted: an event of the same name from another contract in the transaction is not ours. */
export function onlyFrom<T extends { address: Address }>(logs: readonly T[], address: Address): T[] {
  return logs.filter((log) => log.address.toLowerCase() === address.toLowerCase());
}

/** An ERC-20 `approve` of `amount` for `spender` when `account`'s allowance is short, else `undefined`. */
export async function prepareApproval(
  client: Client,
  chain: ChainRef,
  { token, spender, amount, account }: { token: Address; spender: Address; amount: bigint; account: Address },
): Promise<ContractRequest | undefined> {
  const allowance = await read(chain, readContract(client, { address: token, abi: erc20Abi, functionName: 'allowance', args: [account, spender] }));
  if (allowance >= amount) return undefined;
  return prepareCall(client, chain, { address: token, abi: erc20Abi, functionName: 'approve', args: [spender, amount] }, account);
}
