import { type Address, type BlockNumber, type Client, type Hash, type TransactionReceipt, parseEventLogs } from 'viem';
import { getBlock, getBlockNumber, getContractEvents, readContract } from 'viem/actions';
import { trETHAbi, withdrawalQueueAbi } from '../abis.js';
import { InsufficientBalanceError, TributaryError } from '../errors.js';
import { queryOptionsOf } from '../query.js';
import type { ChainRef, HubChain } from '../manifest.js';
import { ethValue } from './rate.js';
import { type ContractRequest, type SignerClient, checkPositive, labelOf, onlyFrom, prepareApproval, prepareCall, read, sendRequest } from './internal.js';

/** Where a withdrawal request stands: waiting for an oracle report to finalize it, claimable, or claimed. */
export type WithdrawalStatus = 'pending' | 'claimable' | 'claimed';

export interface Withdrawal {
  requestId: bigint;
  shares: bigint;
  /** The rate when requested; the payout is the lower of the shares' value then and at finalization. */
  rateAtRequest: bigint;
  /** What the shares were worth when requested (`shares * rateAtRequest / 1e18`). */
  ethAtRequest: bigint;
  /** ETH the request pays (0 until finalized). */
  ethFinalized: bigint;
  /** Unix seconds of the request's block (from its WithdrawalRequested event; the queue does not store it). */
  requestedAt: bigint;
  status: WithdrawalStatus;
}

const queueOf = (hub: ChainRef<HubChain>) => ({ address: hub.contracts.WithdrawalQueue, abi: withdrawalQueueAbi }) as const;

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

/** Requests as the queue reports them at `blockNumber`, with their times from the request events. */
async function readWithdrawals(
  client: Client,
  hub: ChainRef<HubChain>,
  requestIds: readonly bigint[],
  { blockNumber, fromBlock }: { blockNumber?: bigint; fromBlock?: bigint } = {},
): Promise<Withdrawal[]> {
  const queue = queueOf(hub);
  const at = blockNumber === undefined ? {} : { blockNumber };
  const [requests, times] = await Promise.all([
    Promise.all(requestIds.map((requestId) => read(hub, readContract(client, { ...queue, functionName: 'getRequest', args: [requestId], ...at })))),
    read(hub, withdrawalRequestTimes(client, { queue: queue.address, requestIds, ...at, ...(fromBlock === undefined ? {} : { fromBlock }) })),
  ]);
  return requestIds.map((requestId, index) => {
    const request = requests[index]!;
    return {
      requestId,
      shares: request.shares,
      rateAtRequest: request.rateAtRequest,
      ethAtRequest: ethValue(request.shares, request.rateAtRequest),
      ethFinalized: request.ethFinalized,
      requestedAt: times.get(requestId) ?? 0n,
      status: request.claimed ? 'claimed' : request.finalized ? 'claimable' : 'pending',
    };
  });
}

/**
 * A withdrawal request and its status: `pending` until an oracle report finalizes it, then
 * `claimable`, then `claimed`.
 *
 * @example
 * if ((await getWithdrawal(client, { hub, requestId })).status === 'claimable') await claimWithdrawal(walletClient, { hub, requestId });
 */
export async function getWithdrawal(client: Client, { hub, requestId, blockNumber }: { hub: ChainRef<HubChain>; requestId: bigint; blockNumber?: bigint }): Promise<Withdrawal> {
  return (await readWithdrawals(client, hub, [requestId], { blockNumber }))[0]!;
}

/**
 * The withdrawal requests `owner` holds, oldest first, rebuilt from the queue's ERC-721 Transfer
 * logs (see {@link withdrawalRequestIdsOf}); with `includeClaimed`, also those it claimed (burned on
 * claim, found by `WithdrawalClaimed`). Every read is at one block, so the list is consistent.
 *
 * @example
 * const claimable = (await getWithdrawalsOf(client, { hub, owner })).filter((w) => w.status === 'claimable');
 */
export async function getWithdrawalsOf(
  client: Client,
  { hub, owner, fromBlock = 0n, includeClaimed = false }: { hub: ChainRef<HubChain>; owner: Address; fromBlock?: bigint; includeClaimed?: boolean },
): Promise<Withdrawal[]> {
  const queue = queueOf(hub);
  const { ids: held, blockNumber } = await read(hub, withdrawalRequestIdsOf(client, { queue: queue.address, owner, fromBlock }));
  const claimed = includeClaimed
    ? (await getContractEvents(client, { ...queue, eventName: 'WithdrawalClaimed', args: { owner }, fromBlock, toBlock: blockNumber, strict: true })).map((log) => log.args.requestId)
    : [];
  const ids = [...new Set([...held, ...claimed])].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return readWithdrawals(client, hub, ids, { blockNumber, fromBlock });
}

/** The queue pulls the trETH it locks: the `approve` a request needs first when `account`'s allowance is short. */
export function prepareWithdrawalApproval(client: Client, { hub, shares, account }: { hub: ChainRef<HubChain>; shares: bigint; account: Address }): Promise<ContractRequest | undefined> {
  return prepareApproval(client, hub, { token: hub.contracts.TrETH, spender: hub.contracts.WithdrawalQueue, amount: shares, account });
}

/**
 * The withdrawal request of `shares` hub trETH from `account` (after any approval
 * {@link prepareWithdrawalApproval} asked for is mined), the NFT going to `owner` (default `account`).
 * Throws {@link InsufficientBalanceError} when `account` holds less trETH.
 */
export async function prepareRequestWithdrawal(client: Client, { hub, shares, owner, account }: { hub: ChainRef<HubChain>; shares: bigint; owner?: Address; account: Address }): Promise<ContractRequest> {
  checkPositive(shares, 'shares');
  const available = await read(hub, readContract(client, { address: hub.contracts.TrETH, abi: trETHAbi, functionName: 'balanceOf', args: [account] }));
  if (available < shares) throw new InsufficientBalanceError(labelOf(hub), 'trETH', account, available, shares);
  return prepareCall(client, hub, { ...queueOf(hub), functionName: 'requestWithdrawal', args: [shares, owner ?? account] }, account);
}

/** The request's id, owner and shares, from the queue's `WithdrawalRequested` event. */
export function parseRequestWithdrawalReceipt(receipt: TransactionReceipt, { hub }: { hub: ChainRef<HubChain> }): { requestId: bigint; owner: Address; shares: bigint } {
  const [requested] = parseEventLogs({ abi: withdrawalQueueAbi, eventName: 'WithdrawalRequested', logs: onlyFrom(receipt.logs, hub.contracts.WithdrawalQueue) });
  if (!requested) throw new TributaryError(`No WithdrawalRequested event in ${receipt.transactionHash}`);
  return { requestId: requested.args.requestId, owner: requested.args.owner, shares: requested.args.shares };
}

/** The claim of a finalized request by `account` (its owner or approved): the ETH goes to `account`. */
export function prepareClaimWithdrawal(client: Client, { hub, requestId, account }: { hub: ChainRef<HubChain>; requestId: bigint; account: Address }): Promise<ContractRequest> {
  return prepareCall(client, hub, { ...queueOf(hub), functionName: 'claim', args: [requestId] }, account);
}

/** The ETH a claim paid, from the queue's `WithdrawalClaimed` event. */
export function parseClaimWithdrawalReceipt(receipt: TransactionReceipt, { hub }: { hub: ChainRef<HubChain> }): { requestId: bigint; eth: bigint } {
  const [claimed] = parseEventLogs({ abi: withdrawalQueueAbi, eventName: 'WithdrawalClaimed', logs: onlyFrom(receipt.logs, hub.contracts.WithdrawalQueue) });
  if (!claimed) throw new TributaryError(`No WithdrawalClaimed event in ${receipt.transactionHash}`);
  return { requestId: claimed.args.requestId, eth: claimed.args.eth };
}

/**
 * Requests the withdrawal of `shares` hub trETH to ETH with the client's account (approving the
 * queue first when needed). The request is an ERC-721 owned by `owner` (default: the account).
 *
 * @example
 * const { requestId } = await requestWithdrawal(walletClient, { hub, shares: parseEther('1') });
 */
export async function requestWithdrawal(
  client: SignerClient,
  { hub, shares, owner }: { hub: ChainRef<HubChain>; shares: bigint; owner?: Address },
): Promise<{ hash: Hash; receipt: TransactionReceipt; requestId: bigint }> {
  const account = client.account.address;
  checkPositive(shares, 'shares');
  const approval = await prepareWithdrawalApproval(client, { hub, shares, account });
  if (approval) await sendRequest(client, hub, approval);
  const { hash, receipt } = await sendRequest(client, hub, await prepareRequestWithdrawal(client, { hub, shares, account, ...(owner === undefined ? {} : { owner }) }));
  return { hash, receipt, requestId: parseRequestWithdrawalReceipt(receipt, { hub }).requestId };
}

/**
 * Claims a finalized withdrawal with the client's account and waits for the receipt.
 *
 * @example
 * const { eth } = await claimWithdrawal(walletClient, { hub, requestId });
 */
export async function claimWithdrawal(client: SignerClient, { hub, requestId }: { hub: ChainRef<HubChain>; requestId: bigint }): Promise<{ hash: Hash; receipt: TransactionReceipt; eth: bigint }> {
  const { hash, receipt } = await sendRequest(client, hub, await prepareClaimWithdrawal(client, { hub, requestId, account: client.account.address }));
  return { hash, receipt, eth: parseClaimWithdrawalReceipt(receipt, { hub }).eth };
}

export interface WithdrawalTerms {
  /** The hub rate a request is priced at now (ETH per 1e18 trETH). */
  rate: bigint;
  /** The least and most ETH one request may be worth (`MIN_WITHDRAWAL`, `MAX_WITHDRAWAL`). */
  minEth: bigint;
  maxEth: bigint;
  /** Requests are paused: a request would revert. */
  paused: boolean;
}

/**
 * The bounds, rate and pause state a withdrawal request is checked against: what a form needs to
 * tell a request that would revert before it is sent.
 *
 * @example
 * const { minEth, maxEth, paused } = await getWithdrawalTerms(client, { hub });
 */
export async function getWithdrawalTerms(client: Client, { hub }: { hub: ChainRef<HubChain> }): Promise<WithdrawalTerms> {
  const queue = queueOf(hub);
  const [rate, minEth, maxEth, paused] = await Promise.all([
    read(hub, readContract(client, { address: hub.contracts.TrETH, abi: trETHAbi, functionName: 'getRate' })),
    read(hub, readContract(client, { ...queue, functionName: 'MIN_WITHDRAWAL' })),
    read(hub, readContract(client, { ...queue, functionName: 'MAX_WITHDRAWAL' })),
    read(hub, readContract(client, { ...queue, functionName: 'requestsPaused' })),
  ]);
  return { rate, minEth, maxEth, paused };
}

/** Query options for {@link getWithdrawalsOf}, for TanStack Query (`useQuery`). */
export const getWithdrawalsOfQueryOptions = /* @__PURE__ */ queryOptionsOf('getWithdrawalsOf', getWithdrawalsOf);

/** Query options for {@link getWithdrawalTerms}, for TanStack Query (`useQuery`). */
export const getWithdrawalTermsQueryOptions = /* @__PURE__ */ queryOptionsOf('getWithdrawalTerms', getWithdrawalTerms);
