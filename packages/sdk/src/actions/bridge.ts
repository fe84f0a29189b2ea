import { type Address, type Client, type Hash, type Hex, type TransactionReceipt, hexToBigInt, isAddressEqual, pad, parseEventLogs, sliceHex } from 'viem';
import { getBalance, getContractEvents, readContract } from 'viem/actions';
import { endpointV2Abi, trETHAdapterAbi, trETHOFTAbi } from '../abis.js';
import { type ParkedCredit, parkedCredit } from '../parked.js';
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

/** A send's LayerZero message: its id, and its nonce on the path from the source OFT to the destination's. */
export interface BridgeMessage {
  guid: Hex;
  nonce: bigint;
  amountSent: bigint;
  amountReceived: bigint;
}

/**
 * The LayerZero message of a send: the source OFT's `OFTSent` (guid, amounts) and the nonce from
 * the endpoint's `PacketSent` whose packet carries that guid (a packet's header holds its nonce at
 * bytes 1-9 and its guid at bytes 81-113).
 */
export function parseBridgeReceipt(receipt: TransactionReceipt, { from }: { from: ChainRef }): BridgeMessage {
  const [sent] = parseEventLogs({ abi: trETHOFTAbi, eventName: 'OFTSent', logs: onlyFrom(receipt.logs, oftOf(from).address) });
  if (!sent) throw new TributaryError(`No OFTSent event in ${receipt.transactionHash}`);
  const packet = parseEventLogs({ abi: endpointV2Abi, eventName: 'PacketSent', logs: receipt.logs }).find(
    (log) => sliceHex(log.args.encodedPayload, 81, 113).toLowerCase() === sent.args.guid.toLowerCase(),
  );
  if (!packet) throw new TributaryError(`No LayerZero packet for ${sent.args.guid} in ${receipt.transactionHash}`);
  return { guid: sent.args.guid, nonce: hexToBigInt(sliceHex(packet.args.encodedPayload, 1, 9)), amountSent: sent.args.amountSentLD, amountReceived: sent.args.amountReceivedLD };
}

/** Where a bridged message stands on its destination. */
export type BridgeDeliveryStatus = 'sent' | 'verified' | 'parked' | 'delivered';

export interface BridgeDelivery {
  status: BridgeDeliveryStatus;
  /** The destination transaction that verified the packet (or, if verification was not seen, the one that parked it). */
  verifiedHash?: Hash;
  /** The destination transaction that paid the (last part of the) credit. */
  deliveredHash?: Hash;
  /** trETH received on the destination so far. */
  received?: bigint;
  /** The credit, when the destination's inbound limit parked it. */
  credit?: ParkedCredit;
}

/**
 * Where a send stands on `to`, read with `to`'s client from `fromBlock` (the destination's block
 * before the send): the endpoint's `PacketVerified` for its nonce, then the OFT's `OFTReceived`
 * for its guid; or its `CreditParked`, when the inbound limit holds the credit, until every
 * installment is released. Poll it until `delivered` (or `parked`).
 *
 * @example
 * const message = parseBridgeReceipt(receipt, { from });
 * const { status } = await getBridgeDelivery(destinationClient, { from, to, message, fromBlock });
 */
export async function getBridgeDelivery(
  client: Client,
  { from, to, message, fromBlock }: { from: ChainRef; to: ChainRef; message: Pick<BridgeMessage, 'guid' | 'nonce'>; fromBlock: bigint },
): Promise<BridgeDelivery> {
  const receiver = oftOf(to).address;
  const sender = pad(oftOf(from).address).toLowerCase();
  const oft = { address: receiver, abi: trETHOFTAbi, fromBlock } as const;
  // Delivery first: verification precedes it on chain, so a delivery seen here means the
  // verification read after it is visible too (the other way round, both could land between the
  // two reads and the verification's hash would be missed).
  const received = await read(to, getContractEvents(client, { ...oft, eventName: 'OFTReceived', args: { guid: message.guid }, strict: true }));
  const [parkedLog] = await read(to, getContractEvents(client, { ...oft, eventName: 'CreditParked', args: { guid: message.guid }, strict: true }));
  // Only the endpoint emits PacketVerified; the origin and receiver name the packet.
  const verified = (await read(to, getContractEvents(client, { abi: endpointV2Abi, eventName: 'PacketVerified', fromBlock, strict: true }))).find(
    ({ args: { origin, receiver: packetReceiver } }) => origin.srcEid === from.eid && origin.nonce === message.nonce && origin.sender.toLowerCase() === sender && isAddressEqual(packetReceiver, receiver),
  );
  const credit = parkedLog ? await read(to, parkedCredit(client, { oft: receiver, guid: message.guid })) : undefined;
  const verifiedHash = verified?.transactionHash ?? parkedLog?.transactionHash;
  const base = { ...(verifiedHash ? { verifiedHash } : {}), ...(credit ? { credit } : {}) };
  const last = received.at(-1);
  if (last && (!credit || credit.status === 'released')) {
    return { ...base, status: 'delivered', deliveredHash: last.transactionHash, received: received.reduce((sum, log) => sum + log.args.amountReceivedLD, 0n) };
  }
  if (credit?.status === 'parked') return { ...base, status: 'parked' };
  return { ...base, status: verified ? 'verified' : 'sent' };
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
  const { guid, amountSent, amountReceived } = parseBridgeReceipt(receipt, { from });
  return { hash, receipt, guid, amountSent, amountReceived, nativeFee: quote.nativeFee };
}

/** Query options for {@link getBridgeLimits}, for TanStack Query (`useQuery`). */
export const getBridgeLimitsQueryOptions = /* @__PURE__ */ queryOptionsOf('getBridgeLimits', getBridgeLimits);

/** Query options for {@link quoteBridge}, for TanStack Query (`useQuery`). */
export const quoteBridgeQueryOptions = /* @__PURE__ */ queryOptionsOf('quoteBridge', quoteBridge);
