/**
 * Applies production pathways on chain. Validation runs on the whole file before the first
 * transaction, so a config that fails policy (one DVN, SimpleMessageLib, a placeholder...) never
 * reaches a chain, not even partly.
 */
import type { Account, Chain, PublicClient, Transport, WalletClient } from 'viem';
import { type EnforcedGas, type ResolvedPathway, validateProductionConfig } from './config.ts';
import { type ConfigCall, encodePathwayCalls } from './encode.ts';

export interface ChainWriter {
  publicClient: PublicClient;
  /** The OApps' delegate and owner (both roles: see `ConfigCall.sender`). */
  walletClient: WalletClient<Transport, Chain, Account>;
}

export class LzApplyError extends Error {
  override name = 'LzApplyError';
}

/**
 * Validates `raw`, then sends every call of the selected pathways (`only`, by `from->to` id; all
 * when omitted), in order, waiting for each receipt. Returns the pathways applied.
 */
export async function applyPathways(
  raw: unknown,
  gas: EnforcedGas,
  writers: Readonly<Record<string, ChainWriter>>,
  only?: readonly string[],
  log: (line: string) => void = () => {},
): Promise<ResolvedPathway[]> {
  const all = validateProductionConfig(raw, gas);
  const unknown = (only ?? []).filter((id) => !all.some((pathway) => pathway.id === id));
  if (unknown.length > 0) throw new LzApplyError(`no pathway ${unknown.join(', ')} in the config`);
  const selected = only ? all.filter((pathway) => only.includes(pathway.id)) : all;
  const plans = selected.map((pathway) => ({ pathway, calls: encodePathwayCalls(pathway) }));
  for (const { pathway } of plans) {
    for (const chain of [pathway.source.chain, pathway.destination.chain]) {
      if (!writers[chain]) throw new LzApplyError(`${pathway.id}: no wallet for chain ${chain}`);
    }
  }
  for (const { pathway, calls } of plans) {
    for (const call of [...calls.source, ...calls.destination]) await send(pathway.id, writers[call.chain]!, call, log);
  }
  return selected;
}

async function send(pathway: string, writer: ChainWriter, call: ConfigCall, log: (line: string) => void): Promise<void> {
  const chainId = await writer.publicClient.getChainId();
  if (chainId !== call.chainId) throw new LzApplyError(`${pathway}: the ${call.chain} wallet is on chain ${chainId}, the config says ${call.chainId}`);
  let hash: `0x${string}`;
  try {
    hash = await writer.walletClient.sendTransaction({ to: call.to, data: call.data });
  } catch (error) {
    throw new LzApplyError(`${pathway}: ${call.summary}: ${call.contract}.${call.functionName} would revert (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`);
  }
  const receipt = await writer.publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== 'success') throw new LzApplyError(`${pathway}: ${call.contract}.${call.functionName} reverted in ${hash}`);
  log(`${pathway} on ${call.chain}: ${call.summary}`);
}
