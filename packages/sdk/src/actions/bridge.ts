import { type Address, type Client, type Hash, type Hex, type TransactionReceipt, pad, parseEventLogs } from 'viem';
import { getBalance, readContract } from 'viem/actions';
import { trETHAdapterAbi, trETHOFTAbi } from '../abis.js';
import { InsufficientBalanceError, RateLimitError, TributaryError, UnsupportedChainError } from '../errors.js';
import { queryOptionsOf } from '../query.js';
import type { ChainRef } from '../manifest.js';
import { type ContractRequest, type SignerClient, checkPositive, labelOf, onlyFrom, prepareApproval, prepareCall, read, sendRequest, withSlippage } from './internal.js';

/** LayerZero's OFT send parameters. */
export interface SendParam {
  dstEid: number;
  to: Hex;
  amountLD: bigint;
  minAmountLD: bigint;
  extraOptions: Hex;
  composeMsg: Hex;
  oftCmd: Hex;
}

export interface BridgeQuote {
  from: string;
  to: string;
  amount: bigint;
  /** What the recipient gets (the amount less the OFT's dust below 6 shared decimals). */
  amountReceived: bigint;
  /** LayerZero fee, paid in the source chain's native token. */
  nativeFee: bigint;
  /** What the source OFT's outbound rate limit lets through to `to` now. */
  canBeSent: bigint;
  sendParam: SendParam;
}

export interface BridgeLimits {
  /** What the source OFT's outbound limit to the destination holds in flight now (it decays over the window). */
  inFlight: bigint;
  /** What it lets through now. */
  canBeSent: bigint;
  /** The smallest amount the OFT carries (10^(18 - 6 shared decimals)); less is dust the send leaves behind. */
  dustUnit: bigint;
}

export interface BridgeParams {
  from: ChainRef;
  to: ChainRef;
  amount: bigint;
  /** Who receives on `to`; default the account. */
  recipient?: Address;
  /** Basis points of the received amount the send may lose; default 0 (the OFT only drops dust). */
  slippageBps?: number;
}

export interface BridgeResult {
  hash: Hash;
  receipt: TransactionReceipt;
  /** LayerZero message id (track it on the destination or a LayerZero scanner). */
  guid: Hex;
  amountSent: bigint;
  amountReceived: bigint;
  nativeFee: bigint;
}

/** The OFT a chain sends trETH with: the lockbox (TrETHAdapter) on the hub, the token itself on a spoke. */
export function oftOf(chain: ChainRef): { address: Address; abi: typeof trETHOFTAbi | typeof trETHAdapterAbi } {
  return chain.role === 'hub' ? { address: chain.contracts.TrETHAdapter, abi: trETHAdapterAbi } : { address: chain.contracts.TrETH, abi: trETHOFTAbi };
}

/** Both OFTs share the IOFT and rate-limiter functions: one typed view keeps the reads simple. */
const oftView = (chain: ChainRef) => ({ address: oftOf(chain).address, abi: trETHOFTAbi }) as const;

/** An OFT send of `amount` to `recipient` on `to`; the enforced options carry the receive gas, so none are added. */
export function buildSendParam({ to, recipient, amount, minAmount = 0n }: { to: ChainRef; recipient: Address; amount: bigint; minAmount?: bigint }): SendParam {
  return { dstEid: to.eid, to: pad(recipient), amountLD: amount, minAmountLD: minAmount, extraOptions: '0x', composeMsg: '0x', oftCmd: '0x' };
}

function checkRoute(from: ChainRef, to: ChainRef): void {
  if (from.name === to.name) throw new UnsupportedChainError(to.name, 'is the source chain: bridge to another chain');
}

/**
 * The source OFT's outbound limit towards `to` (`getAmountCanBeSent`) and its dust unit.
 *
 * @example
 * const { canBeSent } = await getBridgeLimits(client, { from: chainOf(manifest, 'alpha'), to: chainOf(manifest, 'beta') });
 */
export async function getBridgeLimits(client: Client, { from, to }: { from: ChainRef; to: ChainRef }): Promise<BridgeLimits> {
  checkRoute(from, to);
  const oft = oftView(from);
  const [[inFlight, canBeSent], dustUnit] = await Promise.all([
    read(from, readContract(client, { ...oft, functionName: 'getAmountCanBeSent', args: [to.eid] })),
    read(from, readContract(client, { ...oft, functionName: 'decimalConversionRate' })),
  ]);
  return { inFlight, canBeSent, dustUnit };
}

/**
 * Fee and received amount for bridging `amount` trETH from `from` to `to` (LayerZero OFT
 * `quoteOFT` + `quoteSend`). Throws {@link RateLimitError} when the source's outbound limit to
 * `to` is lower than `amount`.
 *
 * @example
 * const { nativeFee, amountReceived } = await quoteBridge(client, { from: hub, to: alpha, amount: parseEther('5'), recipient });
 */
export async function quoteBridge(client: Client, { from, to, amount, recipient, slippageBps = 0 }: BridgeParams): Promise<BridgeQuote> {
  checkRoute(from, to);
  checkPositive(amount, 'amount');
  if (!recipient) throw new TributaryError('quoteBridge needs a recipient (or a wallet client on the source chain)');
  const oft = oftView(from);
  const base = buildSendParam({ to, recipient, amount });
  const context = { dstEid: to.eid, amount };
  const [[, , oftReceipt], { canBeSent }] = await Promise.all([
    read(from, readContract(client, { ...oft, functionName: 'quoteOFT', args: [base] }), context),
    getBridgeLimits(client, { from, to }),
  ]);
  if (amount > canBeSent) throw new RateLimitError(labelOf(from), to.eid, amount, canBeSent);
  const sendParam = { ...base, minAmountLD: withSlippage(oftReceipt.amountReceivedLD, slippageBps) };
  const fee = await read(from, readContract(client, { ...oft, functionName: 'quoteSend', args: [sendParam, false] }), context);
  return { from: from.name, to: to.name, amount, amountReceived: oftReceipt.amountReceivedLD, nativeFee: fee.nativeFee, canBeSent, sendParam };
}

/**
 * The hub lockbox pulls the trETH it sends: the `approve` it needs first when `account`'s
 * allowance is short; `undefined` on a spoke (the OFT burns its own token) or when it suffices.
 */
export async function prepareBridgeApproval(client: Client, { from, amount, account }: { from: ChainRef; amount: bigint; account: Address }): Promise<ContractRequest | undefined> {
  if (from.role !== 'hub') return undefined;
  return prepareApproval(client, from, { token: from.contracts.TrETH, spender: from.contracts.TrETHAdapter, amount, account });
}

/**
 * The LayerZero send of a quote from `account`, checked against the chain (after any approval
 * {@link prepareBridgeApproval} asked for is mined). Throws {@link InsufficientBalanceError}
 * when `account` lacks the trETH or the ETH for the fee.
 */
export async function prepareBridge(client: Client, { from, quote, account }: { from: ChainRef; quote: BridgeQuote; account: Address }): Promise<ContractRequest> {
  const [trEth, eth] = await Promise.all([
    read(from, readContract(client, { address: from.contracts.TrETH, abi: trETHOFTAbi, functionName: 'balanceOf', args: [account] })),
    getBalance(client, { address: account }),
  ]);
  if (trEth < quote.amount) throw new InsufficientBalanceError(labelOf(from), 'trETH', account, trEth, quote.amount);
  if (eth < quote.nativeFee) throw new InsufficientBalanceError(labelOf(from), 'ETH', account, eth, quote.nativeFee);
  return prepareCall(
    client,
    from,
    { ...oftOf(from), functionName: 'send', args: [quote.sendParam, { nativeFee: quote.nativeFee, lzTokenFee: 0n }, account], value: quote.nativeFee },
    account,
    { dstEid: quote.sendParam.dstEid, amount: quote.amount },
  );
}

/** The LayerZero message of a send, from the source OFT's `OFTSent` event. */
export function parseBridgeReceipt(receipt: TransactionReceipt, { from }: { from: ChainRef }): { guid: Hex; amountSent: bigint; amountReceived: bigint } {
  const [sent] = parseEventLogs({ abi: trETHOFTAbi, eventName: 'OFTSent', logs: onlyFrom(receipt.logs, oftOf(from).address) });
  if (!sent) throw new TributaryError(`No OFTSent event in ${receipt.transactionHash}`);
  return { guid: sent.args.guid, amountSent: sent.args.amountSentLD, amountReceived: sent.args.amountReceivedLD };
}

/**
 * Bridges `amount` trETH from `from` to `to` with the client's account and waits for the source
 * receipt: quote, the hub lockbox's approval when short (a second transaction), send. The trETH
 * arrives once LayerZero delivers the message; `guid` identifies it.
 *
 * @example
 * const { guid } = await bridge(walletClient, { from: alpha, to: beta, amount: parseEther('1') });
 */
export async function bridge(client: SignerClient, { recipient, ...params }: BridgeParams): Promise<BridgeResult> {
  const account = client.account.address;
  const { from, amount } = params;
  checkPositive(amount, 'amount');
  const balance = await read(from, readContract(client, { address: from.contracts.TrETH, abi: trETHOFTAbi, functionName: 'balanceOf', args: [account] }));
  if (balance < amount) throw new InsufficientBalanceError(labelOf(from), 'trETH', account, balance, amount);
  const quote = await quoteBridge(client, { ...params, recipient: recipient ?? account });
  const approval = await prepareBridgeApproval(client, { from, amount, account });
  if (approval) await sendRequest(client, from, approval);
  const request = await prepareBridge(client, { from, quote, account });
  const { hash, receipt } = await sendRequest(client, from, request, { dstEid: quote.sendParam.dstEid, amount });
  return { hash, receipt, ...parseBridgeReceipt(receipt, { from }), nativeFee: quote.nativeFee };
}

/** Query options for {@link getBridgeLimits}, for TanStack Query (`useQuery`). */
export const getBridgeLimitsQueryOptions = /* @__PURE__ */ queryOptionsOf('getBridgeLimits', getBridgeLimits);

/** Query options for {@link quoteBridge}, for TanStack Query (`useQuery`). */
export const quoteBridgeQueryOptions = /* @__PURE__ */ queryOptionsOf('quoteBridge', quoteBridge);
