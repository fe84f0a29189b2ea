import type { Address, BlockNumber, Client } from 'viem';
import { getBlock, getBlockNumber, getContractEvents } from 'viem/actions';
import { withdrawalQueueAbi } from './abis.js';

/** One ERC-721 `Transfer` of a withdrawal request NFT (a mint has `from` zero, a claim's burn `to` zero). */
export interface RequestTransfer {
  from: Address;
  to: Address;
  tokenId: bigint;
  blockNumber: bigint;
  logIndex: number;
}

/**
 * The request ids `owner` holds after `transfers` (the queue's Transfer logs to or from `owner`, in
 * any order), ascending. Replays them in chain order, so a request that left and came back counts
 * once and a claimed (burned) one not at all.
 */
export function heldRequestIds(owner: Address, transfers: readonly RequestTransfer[]): bigint[] {
  const self = owner.toLowerCase();
  const ordered = [...transfers].sort((a, b) =>
    a.blockNumber === b.blockNumber ? a.logIndex - b.logIndex : a.blockNumber < b.blockNumber ? -1 : 1,
  );
  const held = new Set<bigint>();
  for (const transfer of ordered) {
    if (transfer.from.toLowerCase() === self) held.delete(transfer.tokenId);
    if (transfer.to.toLowerCase() === self) held.add(transfer.tokenId);
  }
  return [...held].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

export interface WithdrawalRequestIdsOptions {
  /** The hub's WithdrawalQueue. */
  queue: Address;
  owner: Address;
  /** First block to scan (the queue's deployment block saves work on long chains); default 0. */
  fromBlock?: bigint;
  /** Block to read at; default the latest. Both log queries stop there, so they agree. */
  blockNumber?: bigint;
}

/**
 * Unclaimed withdrawal request ids `owner` holds at `blockNumber`, from the queue's ERC-721
 * Transfer logs: the queue keeps no per-owner index (it would cost every request two storage
 * writes), so wallets rebuild it from events.
 */
export async function withdrawalRequestIdsOf(
  client: Client,
  { queue, owner, fromBlock = 0n, blockNumber }: WithdrawalRequestIdsOptions,
): Promise<{ ids: bigint[]; blockNumber: bigint }> {
  const toBlock: BlockNumber = blockNumber ?? (await getBlockNumber(client, { cacheTime: 0 }));
  const range = { address: queue, abi: withdrawalQueueAbi, eventName: 'Transfer', fromBlock, toBlock, strict: true } as const;
  const [incoming, outgoing] = await Promise.all([
    getContractEvents(client, { ...range, args: { to: owner } }),
    getContractEvents(client, { ...range, args: { from: owner } }),
  ]);
  const transfers = [...incoming, ...outgoing].map((log) => ({
    from: log.args.from,
    to: log.args.to,
    tokenId: log.args.tokenId,
    blockNumber: log.blockNumber,
    logIndex: log.logIndex,
  }));
  return { ids: heldRequestIds(owner, transfers), blockNumber: toBlock };
}

export interface WithdrawalRequestTimesOptions {
  /** The hub's WithdrawalQueue. */
  queue: Address;
  requestIds: readonly bigint[];
  /** First block to scan; default 0. */
  fromBlock?: bigint;
  /** Last block to scan; default the latest. */
  blockNumber?: bigint;
}

/**
 * When each request was made (unix seconds), from its `WithdrawalRequested` event's block: the
 * queue keeps no request time in storage (its request word packs owner, shares and rate, so a
 * request writes one slot fewer). Ids with no event in the range are absent from the map.
 */
export async function withdrawalRequestTimes(
  client: Client,
  { queue, requestIds, fromBlock = 0n, blockNumber }: WithdrawalRequestTimesOptions,
): Promise<Map<bigint, bigint>> {
  const times = new Map<bigint, bigint>();
  if (requestIds.length === 0) return times;
  const logs = await getContractEvents(client, {
    address: queue,
    abi: withdrawalQueueAbi,
    eventName: 'WithdrawalRequested',
    args: { requestId: [...requestIds] },
    fromBlock,
    toBlock: blockNumber ?? 'latest',
    strict: true,
  });
  const blocks = [...new Set(logs.map((log) => log.blockNumber))];
  const stamps = new Map(
    await Promise.all(blocks.map(async (number) => [number, (await getBlock(client, { blockNumber: number })).timestamp] as const)),
  );
  for (const log of logs) times.set(log.args.requestId, stamps.get(log.blockNumber)!);
  return times;
}
