import type { Abi, Address, ContractFunctionArgs, ContractFunctionName, Hex, TransactionReceipt } from 'viem';
import { estimateContractGas, waitForTransactionReceipt } from 'viem/actions';
import type { Config } from 'wagmi';
import { getAccount, getClient, simulateContract, switchChain, writeContract } from 'wagmi/actions';
import { chainByChainId } from '@tributary/config';
import { withGasMargin } from '@tributary/sdk';

type Writable = 'nonpayable' | 'payable';

export interface ContractCall<abi extends Abi, functionName extends ContractFunctionName<abi, Writable>> {
  address: Address;
  abi: abi;
  functionName: functionName;
  args: ContractFunctionArgs<abi, Writable, functionName>;
  value?: bigint;
  account: Address;
}

/** The bare viem client of a configured chain: single viem actions keep the bundle small. */
export function clientOf(config: Config, chainId: number) {
  const client = getClient(config, { chainId });
  if (!client) throw new Error(`${chainByChainId(chainId)?.label ?? `Chain ${chainId}`} is not configured`);
  return client;
}

/** Switches the wallet to `chainId` when it is elsewhere; says whether it had to. */
export async function ensureWalletOn(config: Config, chainId: number): Promise<boolean> {
  if (getAccount(config).chainId === chainId) return false;
  await switchChain(config, { chainId });
  return true;
}

/**
 * Checks a call against the chain first (so a revert is explained before the wallet asks),
 * then sends it with a gas margin. Returns the transaction hash.
 */
export async function sendContractCall<const abi extends Abi, const functionName extends ContractFunctionName<abi, Writable>>(
  config: Config,
  chainId: number,
  call: ContractCall<abi, functionName>,
): Promise<Hex> {
  // wagmi's generics cannot follow a generic ABI; the call is typed by ContractCall above.
  const { request } = await simulateContract(config, { ...call, chainId } as never);
  const gas = withGasMargin(await estimateContractGas(clientOf(config, chainId), call as never));
  return writeContract(config, { ...(request as object), gas } as never);
}

/** viem's wait (not wagmi's) so a reverted receipt comes back to be explained, not thrown. */
export function waitForReceipt(config: Config, chainId: number, hash: Hex): Promise<TransactionReceipt> {
  return waitForTransactionReceipt(clientOf(config, chainId), { hash });
}
