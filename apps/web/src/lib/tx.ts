import type { Hex, TransactionReceipt } from 'viem';
import { waitForTransactionReceipt } from 'viem/actions';
import type { Config } from 'wagmi';
import { getAccount, getClient, switchChain, writeContract } from 'wagmi/actions';
import { chainByChainId } from '@tributary/config';
import type { ContractRequest } from '@tributary/sdk';

/** The bare viem client of a configured chain: the SDK's actions read through it. */
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

/** Has the connected wallet sign and send a request an SDK `prepare*` action checked; returns its hash. */
export function sendRequest(config: Config, { chainId, ...request }: ContractRequest): Promise<Hex> {
  // wagmi's generics cannot follow a request typed by the SDK's plain ContractRequest.
  return writeContract(config, { ...request, chainId } as never);
}

/** viem's wait (not wagmi's) so a reverted receipt comes back to be explained, not thrown. */
export function waitForReceipt(config: Config, chainId: number, hash: Hex): Promise<TransactionReceipt> {
  return waitForTransactionReceipt(clientOf(config, chainId), { hash });
}

/** The connected account, or an error the page shows. */
export function connectedAccount(config: Config) {
  const account = getAccount(config).address;
  if (!account) throw new Error('Connect a wallet first.');
  return account;
}
