import { type Address, type Client, type Hash, type TransactionReceipt, parseEventLogs } from 'viem';
import { getBalance, readContract } from 'viem/actions';
import { spokePoolAbi, trETHAbi } from '../abis.js';
import { InsufficientBalanceError, PausedError, TributaryError } from '../errors.js';
import { queryOptionsOf } from '../query.js';
import type { ChainRef } from '../manifest.js';
import { type ContractRequest, type SignerClient, checkBps, checkPositive, labelOf, onlyFrom, prepareCall, read, sendRequest, withSlippage } from './internal.js';

/** Basis points of the quoted amount a write may lose to rate moves; 50 = 0.5%. */
export const DEFAULT_SLIPPAGE_BPS = 50;

export interface StakeQuote {
  chain: string;
  assets: bigint;
  /** trETH minted for `assets` now. */
  shares: bigint;
  /** ETH kept as fee (spoke pools charge one; the hub does not). */
  fee: bigint;
  /** `shares` less the slippage allowed: the `minShares` the deposit is sent with. */
  minShares: bigint;
  /** The rate the deposit is priced at (the spoke pool's cached copy on a spoke). */
  rate: bigint;
}

export interface StakeTerms {
  chain: string;
  /** The deposit fee in basis points (0 on the hub). */
  feeBps: number;
  /** Deposits are paused: a stake would revert. */
  paused: boolean;
}

export interface StakeParams {
  chain: ChainRef;
  assets: bigint;
  /** Who gets the trETH; default the account. */
  receiver?: Address;
  /** Least trETH accepted; default a fresh quote less `slippageBps`. */
  minShares?: bigint;
  slippageBps?: number;
}

export interface StakeResult {
  hash: Hash;
  receipt: TransactionReceipt;
  receiver: Address;
  /** trETH minted, from the `Deposited` event. */
  shares: bigint;
  minShares: bigint;
}

/** Where a deposit goes: `TrETH.depositETH` on the hub, `SpokePool.deposit` on a spoke. */
function depositTarget(chain: ChainRef) {
  return chain.role === 'hub'
    ? ({ address: chain.contracts.TrETH, abi: trETHAbi, functionName: 'depositETH' } as const)
    : ({ address: chain.contracts.SpokePool, abi: spokePoolAbi, functionName: 'deposit' } as const);
}

/**
 * The fee and pause state of deposits on `chain` (the amount-independent terms a form shows).
 *
 * @example
 * const { feeBps, paused } = await getStakeTerms(client, { chain: chainOf(manifest, 'alpha') });
 */
export async function getStakeTerms(client: Client, { chain }: { chain: ChainRef }): Promise<StakeTerms> {
  if (chain.role === 'hub') {
    const [depositsPaused] = await read(chain, readContract(client, { address: chain.contracts.TrETH, abi: trETHAbi, functionName: 'paused' }));
    return { chain: chain.name, feeBps: 0, paused: depositsPaused };
  }
  const pool = { address: chain.contracts.SpokePool, abi: spokePoolAbi } as const;
  const [feeBps, paused] = await Promise.all([
    read(chain, readContract(client, { ...pool, functionName: 'feeBps' })),
    read(chain, readContract(client, { ...pool, functionName: 'paused' })),
  ]);
  return { chain: chain.name, feeBps: Number(feeBps), paused };
}

/**
 * What staking `assets` wei of ETH on `chain` mints now, the fee, and the `minShares` after
 * `slippageBps` (default {@link DEFAULT_SLIPPAGE_BPS}). Throws {@link PausedError} or
 * {@link StaleRateError} when a deposit would be refused, {@link CapExceededError} past a spoke cap.
 *
 * @example
 * const quote = await quoteStake(client, { chain: chainOf(manifest, 'alpha'), assets: parseEther('1') });
 */
export async function quoteStake(client: Client, { chain, assets, slippageBps = DEFAULT_SLIPPAGE_BPS }: { chain: ChainRef; assets: bigint; slippageBps?: number }): Promise<StakeQuote> {
  checkPositive(assets, 'assets');
  checkBps(slippageBps);
  if (chain.role === 'hub') {
    const address = chain.contracts.TrETH;
    const [[depositsPaused], shares, rate] = await Promise.all([
      read(chain, readContract(client, { address, abi: trETHAbi, functionName: 'paused' })),
      read(chain, readContract(client, { address, abi: trETHAbi, functionName: 'previewDeposit', args: [assets] })),
      read(chain, readContract(client, { address, abi: trETHAbi, functionName: 'getRate' })),
    ]);
    if (depositsPaused) throw new PausedError(labelOf(chain), 'deposits');
    return { chain: chain.name, assets, shares, fee: 0n, minShares: withSlippage(shares, slippageBps), rate };
  }
  const address = chain.contracts.SpokePool;
  const [[shares, fee], rate] = await Promise.all([
    read(chain, readContract(client, { address, abi: spokePoolAbi, functionName: 'quoteDeposit', args: [assets] })),
    read(chain, readContract(client, { address, abi: spokePoolAbi, functionName: 'rate' })),
  ]);
  return { chain: chain.name, assets, shares, fee, minShares: withSlippage(shares, slippageBps), rate };
}

/**
 * The deposit transaction for a stake from `account`, checked against the chain: a stale rate, a
 * pause or a cap throws its typed error here, before a wallet is asked. Quotes `minShares` when
 * it is not given. Throws {@link InsufficientBalanceError} when `account` lacks the ETH.
 *
 * @example
 * const request = await prepareStake(client, { chain, assets, account });
 * const hash = await walletClient.writeContract(request);
 */
export async function prepareStake(client: Client, { chain, assets, receiver, minShares, slippageBps = DEFAULT_SLIPPAGE_BPS, account }: StakeParams & { account: Address }): Promise<ContractRequest> {
  checkPositive(assets, 'assets');
  const available = await getBalance(client, { address: account });
  if (available < assets) throw new InsufficientBalanceError(labelOf(chain), 'ETH', account, available, assets);
  const min = minShares ?? (await quoteStake(client, { chain, assets, slippageBps })).minShares;
  return prepareCall(client, chain, { ...depositTarget(chain), args: [receiver ?? account, min], value: assets }, account);
}

/**
 * The outcome of a stake from its receipt: who got the trETH and how much, from the `Deposited`
 * event of the chain's deposit contract.
 */
export function parseStakeReceipt(receipt: TransactionReceipt, { chain }: { chain: ChainRef }): { receiver: Address; shares: bigint; assets: bigint } {
  const { address, abi } = depositTarget(chain);
  const [deposited] = parseEventLogs({ abi, eventName: 'Deposited', logs: onlyFrom(receipt.logs, address) });
  if (!deposited) throw new TributaryError(`No Deposited event in ${receipt.transactionHash}`);
  return { receiver: deposited.args.receiver, shares: deposited.args.shares, assets: deposited.args.assets };
}

/**
 * Stakes `assets` wei of ETH on `chain` with the client's account and waits for the receipt:
 * {@link prepareStake}, send, {@link parseStakeReceipt}.
 *
 * @example
 * const { shares } = await stake(walletClient, { chain: chainOf(manifest, 'alpha'), assets: parseEther('1') });
 */
export async function stake(client: SignerClient, params: StakeParams): Promise<StakeResult> {
  const request = await prepareStake(client, { ...params, account: client.account.address });
  const { hash, receipt } = await sendRequest(client, params.chain, request);
  const { receiver, shares } = parseStakeReceipt(receipt, params);
  return { hash, receipt, receiver, shares, minShares: request.args[1] as bigint };
}

/** Query options for {@link getStakeTerms}, for TanStack Query (`useQuery`). */
export const getStakeTermsQueryOptions = /* @__PURE__ */ queryOptionsOf('getStakeTerms', getStakeTerms);

/** Query options for {@link quoteStake}, for TanStack Query (`useQuery`). */
export const quoteStakeQueryOptions = /* @__PURE__ */ queryOptionsOf('quoteStake', quoteStake);
