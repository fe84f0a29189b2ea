import {
  type Abi,
  type Account,
  type Address,
  type Chain,
  type Hash,
  type Hex,
  type PublicClient,
  type TransactionReceipt,
  type Transport,
  type WalletClient,
  createPublicClient,
  createWalletClient,
  defineChain,
  http,
  pad,
  parseEventLogs,
  webSocket,
} from 'viem';
import { backingLedgerAbi, rateReceiverAbi, spokePoolAbi, trETHAbi, trETHAdapterAbi, trETHOFTAbi, withdrawalQueueAbi } from './abis.js';
import {
  InsufficientBalanceError,
  PausedError,
  RateLimitError,
  TransactionRevertedError,
  TributaryError,
  UnsupportedChainError,
  decodeTributaryError,
} from './errors.js';
import type { HubContracts, ManifestChain, SpokeContracts, TributaryManifest } from './manifest.js';
import { withdrawalRequestIdsOf, withdrawalRequestTimes } from './withdrawals.js';
import { type ParkedCredit, parkedCredit, parkedCreditsOf } from './parked.js';

/**
 * Gas limit from an estimate, plus a quarter. An estimate is exact for the state it ran on (anvil
 * returns the gas the call used, to the unit), and a transaction mined just before can make the
 * call cost more: on the devnet exact estimates have run out of gas when mined. Unused gas is not
 * charged.
 */
export function withGasMargin(estimate: bigint): bigint {
  return (estimate * 125n) / 100n;
}

/** The chain names of a manifest (literal names when the manifest is typed `as const`). */
export type ChainNameOf<M extends TributaryManifest> = Extract<keyof M['chains'], string>;

/** A wallet client that has an account (writes need one). */
export type TributaryWalletClient = WalletClient<Transport, Chain | undefined, Account>;

export interface CreateTributaryOptions<M extends TributaryManifest> {
  /** The deployment manifest: every address comes from it (see `fromManifestFile` in `@tributary/sdk/node`). */
  manifest: M;
  /** Public clients by chain name; a missing one is created over the manifest's `rpcUrl`. */
  publicClients?: { [K in ChainNameOf<M>]?: PublicClient };
  /** Wallet clients by chain name, for the write actions. */
  walletClients?: { [K in ChainNameOf<M>]?: TributaryWalletClient };
  /** Alternatively one account (e.g. `privateKeyToAccount`) signing on every chain over the manifest's `rpcUrl`. */
  account?: Account;
}

/** Basis points of the quoted amount a write may lose to rate moves; 50 = 0.5%. */
export const DEFAULT_SLIPPAGE_BPS = 50;

export interface RateInfo {
  chain: string;
  role: 'hub' | 'spoke';
  /** ETH per 1e18 trETH, 18 decimals (0 on a spoke that has no rate yet). */
  rate: bigint;
  /** Hub time (seconds) of the oracle report the rate comes from. */
  updatedAt: bigint;
  /** Seconds between `updatedAt` and the block every field was read at. */
  age: bigint;
  /** The block every field was read at, so the rate, its report time and its age always agree. */
  blockNumber: bigint;
  /** Spoke only: the age past which the SpokePool refuses deposits (`maxRateAge`). */
  maxAge?: bigint;
  /** Spoke only: no rate, or older than `maxAge` (deposits would revert). Always false on the hub. */
  stale: boolean;
}

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

export interface StakeResult {
  hash: Hash;
  receipt: TransactionReceipt;
  receiver: Address;
  /** trETH minted, from the `Deposited` event. */
  shares: bigint;
  minShares: bigint;
}

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

export interface BridgeResult {
  hash: Hash;
  receipt: TransactionReceipt;
  /** LayerZero message id (track it on the destination or a LayerZero scanner). */
  guid: Hex;
  amountSent: bigint;
  amountReceived: bigint;
  nativeFee: bigint;
}

export type WithdrawalStatus = 'pending' | 'claimable' | 'claimed';

export interface Withdrawal {
  requestId: bigint;
  shares: bigint;
  rateAtRequest: bigint;
  /** ETH the request pays (0 until finalized). */
  ethFinalized: bigint;
  /** Unix seconds of the request's block (from its WithdrawalRequested event; the queue does not store it). */
  requestedAt: bigint;
  status: WithdrawalStatus;
}

export interface SpokeBacking {
  chain: string;
  eid: number;
  /** trETH supply on the spoke now (read on the spoke). */
  supply: bigint;
  /** Spoke supply as its latest batch reported it (read on the hub). */
  reportedSupply: bigint;
  /** Shares locked in the hub lockbox for this spoke's batches. */
  backedShares: bigint;
  /** Spoke-minted shares the ledger's reserve could not cover yet. */
  unbackedShares: bigint;
  /** Batch ETH counted on the hub before it lands. */
  inTransit: bigint;
  landedAssets: bigint;
  mintedShares: bigint;
  lastBatchId: bigint;
}

export interface Backing {
  /** Hub trETH held by the OFT lockbox: backs all trETH outside the hub. */
  lockboxBalance: bigint;
  /** Batch ETH counted as pooled on the hub but not landed yet, over all spokes. */
  totalInTransit: bigint;
  spokes: SpokeBacking[];
}

/** The SDK's actions, bound to one manifest and its clients. Created by {@link createTributary}. */
export interface Tributary<M extends TributaryManifest = TributaryManifest> {
  readonly manifest: M;
  /** The hub's name in the manifest. */
  readonly hub: ChainNameOf<M>;
  /** The spokes' names in the manifest. */
  readonly spokes: readonly ChainNameOf<M>[];

  /**
   * The trETH rate on a chain and how old it is. Hub: `TrETH.getRate()` and `lastReportTime()`.
   * Spoke: the RateReceiver's rate and report time, and whether the SpokePool would call it stale.
   * All of it is read at one block (`blockNumber`): a report landing mid-call cannot mix two reports.
   *
   * @example
   * const { rate, age, stale } = await tributary.getRate('alpha');
   * if (stale) console.warn(`alpha's rate is ${age}s old: deposits are refused until it is refreshed`);
   */
  getRate(chain: ChainNameOf<M>): Promise<RateInfo>;

  /**
   * What staking `assets` wei of ETH on `chain` mints now, the fee, and the `minShares` after
   * `slippageBps` (default {@link DEFAULT_SLIPPAGE_BPS}). Throws {@link PausedError} or
   * {@link StaleRateError} when a deposit would be refused, {@link CapExceededError} past a spoke cap.
   *
   * @example
   * const quote = await tributary.quoteStake('alpha', parseEther('1'));
   * console.log(`${formatEther(quote.shares)} trETH for 1 ETH, fee ${formatEther(quote.fee)} ETH`);
   */
  quoteStake(chain: ChainNameOf<M>, assets: bigint, options?: { slippageBps?: number }): Promise<StakeQuote>;

  /**
   * Stakes `assets` wei of ETH on `chain`: `TrETH.depositETH` on the hub, `SpokePool.deposit` on a
   * spoke, with `minShares` from a fresh quote less `slippageBps` (or the `minShares` given), and
   * waits for the receipt. Throws {@link InsufficientBalanceError} before sending when the account
   * lacks the ETH, and the quote's typed errors.
   *
   * @example
   * const { shares } = await tributary.stake('alpha', parseEther('1'), { slippageBps: 30 });
   */
  stake(
    chain: ChainNameOf<M>,
    assets: bigint,
    options?: { receiver?: Address; slippageBps?: number; minShares?: bigint },
  ): Promise<StakeResult>;

  /**
   * Fee and received amount for bridging `amount` trETH from `from` to `to` (LayerZero OFT
   * `quoteOFT` + `quoteSend`). Throws {@link RateLimitError} when the source's outbound limit to
   * `to` is lower than `amount`.
   *
   * @example
   * const { nativeFee, amountReceived } = await tributary.quoteBridge('hub', 'alpha', parseEther('5'));
   */
  quoteBridge(
    from: ChainNameOf<M>,
    to: ChainNameOf<M>,
    amount: bigint,
    options?: { recipient?: Address; slippageBps?: number },
  ): Promise<BridgeQuote>;

  /**
   * Bridges `amount` trETH from `from` to `to` and waits for the source receipt. On the hub it first
   * approves the lockbox (TrETHAdapter) when the allowance is short (a second transaction). The
   * trETH arrives once LayerZero delivers the message; `guid` identifies it.
   *
   * @example
   * const { guid } = await tributary.bridge('alpha', 'beta', parseEther('1'));
   */
  bridge(
    from: ChainNameOf<M>,
    to: ChainNameOf<M>,
    amount: bigint,
    options?: { recipient?: Address; slippageBps?: number },
  ): Promise<BridgeResult>;

  /**
   * Requests the withdrawal of `shares` hub trETH to ETH (approving the queue first when needed).
   * The request is an ERC-721 owned by `owner` (default: the signer); an oracle report finalizes it.
   *
   * @example
   * const { requestId } = await tributary.requestWithdrawal(parseEther('1'));
   */
  requestWithdrawal(shares: bigint, options?: { owner?: Address }): Promise<{ hash: Hash; receipt: TransactionReceipt; requestId: bigint }>;

  /**
   * A withdrawal request and its status: `pending` until finalized, then `claimable`, then `claimed`.
   *
   * @example
   * if ((await tributary.getWithdrawal(id)).status === 'claimable') await tributary.claimWithdrawal(id);
   */
  getWithdrawal(requestId: bigint): Promise<Withdrawal>;

  /**
   * The unclaimed withdrawal requests `owner` holds (default: the signer), oldest first, rebuilt
   * from the queue's ERC-721 Transfer logs (see {@link withdrawalRequestIdsOf}).
   *
   * @example
   * const claimable = (await tributary.getWithdrawalsOf(me)).filter((w) => w.status === 'claimable');
   */
  getWithdrawalsOf(owner?: Address, options?: { fromBlock?: bigint }): Promise<Withdrawal[]>;

  /**
   * A bridged credit the destination OFT on `chain` parked (it did not fit the source's inbound
   * limit, or releases are paused), by the `guid` that {@link Tributary.bridge} returned. Anyone
   * can release it from `releasableAt`; `status` is `none` for a credit that was paid at once.
   *
   * @example
   * const credit = await tributary.getParkedCredit('alpha', guid);
   * if (credit.status === 'parked') console.log(`parked, arrives at ${new Date(Number(credit.releasableAt) * 1000)}`);
   */
  getParkedCredit(chain: ChainNameOf<M>, guid: Hex): Promise<ParkedCredit>;

  /**
   * Every credit parked for `recipient` (default: the signer on `chain`) on `chain`, oldest first,
   * from the OFT's `CreditParked` logs.
   *
   * @example
   * const waiting = (await tributary.getParkedCreditsOf('hub')).filter((c) => c.status === 'parked');
   */
  getParkedCreditsOf(chain: ChainNameOf<M>, recipient?: Address, options?: { fromBlock?: bigint }): Promise<ParkedCredit[]>;

  /**
   * Claims a finalized withdrawal: the ETH goes to the signer (owner or approved of the NFT).
   *
   * @example
   * const { eth } = await tributary.claimWithdrawal(requestId);
   */
  claimWithdrawal(requestId: bigint): Promise<{ hash: Hash; receipt: TransactionReceipt; eth: bigint }>;

  /**
   * What backs each spoke's trETH: the spoke's live supply next to the hub ledger's record (shares
   * locked in the lockbox, unbacked shares, ETH in transit), and the lockbox total.
   *
   * @example
   * for (const spoke of (await tributary.getBacking()).spokes) console.log(spoke.chain, spoke.supply, spoke.backedShares);
   */
  getBacking(): Promise<Backing>;
}

interface Resolved {
  name: string;
  entry: ManifestChain;
  chain: Chain;
  client: PublicClient;
  wallet?: TributaryWalletClient;
}

function viemChainOf(name: string, entry: ManifestChain): Chain {
  return defineChain({
    id: entry.chainId,
    name,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [entry.rpcUrl] } },
  });
}

function checkBps(bps: number): bigint {
  if (!Number.isInteger(bps) || bps < 0 || bps > 10_000) throw new TributaryError(`slippageBps must be an integer from 0 to 10000, got ${bps}`);
  return BigInt(bps);
}

function checkPositive(amount: bigint, what: string): void {
  if (amount <= 0n) throw new TributaryError(`${what} must be positive, got ${amount}`);
}

const withSlippage = (amount: bigint, bps: number) => (amount * (10_000n - checkBps(bps))) / 10_000n;

/**
 * Binds the SDK's actions to a deployment manifest and viem clients.
 *
 * @example
 * import { createTributary } from '@tributary/sdk';
 * import { fromManifestFile } from '@tributary/sdk/node';
 * const tributary = createTributary({ manifest: fromManifestFile('deployments/local.json'), account: privateKeyToAccount(key) });
 * await tributary.stake('alpha', parseEther('1'));
 */
export function createTributary<const M extends TributaryManifest>(options: CreateTributaryOptions<M>): Tributary<M> {
  const { manifest } = options;
  const publicClients = (options.publicClients ?? {}) as Record<string, PublicClient | undefined>;
  const walletClients = (options.walletClients ?? {}) as Record<string, TributaryWalletClient | undefined>;
  const resolved = new Map<string, Resolved>();
  for (const [name, entry] of Object.entries(manifest.chains)) {
    const chain = viemChainOf(name, entry);
    const transport = () => (/^wss?:/.test(entry.rpcUrl) ? webSocket(entry.rpcUrl) : http(entry.rpcUrl));
    const client = publicClients[name] ?? createPublicClient({ chain, transport: transport() });
    const wallet = walletClients[name] ?? (options.account ? createWalletClient({ chain, transport: transport(), account: options.account }) : undefined);
    resolved.set(name, { name, entry, chain, client, ...(wallet ? { wallet } : {}) });
  }
  const all = [...resolved.values()];
  const hub = all.find((chain) => chain.entry.role === 'hub');
  if (!hub) throw new TributaryError('The manifest has no hub chain');
  const spokes = all.filter((chain) => chain.entry.role === 'spoke');

  const resolve = (name: string): Resolved => {
    const chain = resolved.get(name);
    if (!chain) throw new UnsupportedChainError(name);
    return chain;
  };
  const hubContracts = hub.entry.contracts as HubContracts;
  const spokeContracts = (chain: Resolved) => chain.entry.contracts as SpokeContracts;
  const signer = (chain: Resolved): TributaryWalletClient => {
    if (!chain.wallet) throw new TributaryError(`No wallet client for ${chain.name}: pass walletClients.${chain.name} or account`);
    return chain.wallet;
  };
  const read = async <T>(chain: Resolved, call: Promise<T>, context?: { dstEid?: number; amount?: bigint }): Promise<T> => {
    try {
      return await call;
    } catch (error) {
      throw decodeTributaryError(error, chain.name, context);
    }
  };

  /** Simulates (so a revert surfaces as a typed error before signing), sends, waits for success. */
  const write = async (
    chain: Resolved,
    call: { address: Address; abi: Abi; functionName: string; args: readonly unknown[]; value?: bigint },
    context?: { dstEid?: number; amount?: bigint },
  ): Promise<{ hash: Hash; receipt: TransactionReceipt }> => {
    const wallet = signer(chain);
    let hash: Hash;
    try {
      const { request } = await chain.client.simulateContract({ ...call, account: wallet.account, chain: chain.chain } as never);
      const estimate = await chain.client.estimateContractGas({ ...call, account: wallet.account } as never);
      hash = await wallet.writeContract({ ...(request as object), gas: withGasMargin(estimate), chain: chain.chain } as never);
    } catch (error) {
      throw decodeTributaryError(error, chain.name, context);
    }
    const receipt = await chain.client.waitForTransactionReceipt({ hash });
    if (receipt.status !== 'success') throw await minedRevert(chain, call, hash, receipt, context);
    return { hash, receipt };
  };

  /** Replays a transaction that reverted once mined on the state its block left, with its gas, to name the revert. */
  const minedRevert = async (
    chain: Resolved,
    call: { address: Address; abi: Abi; functionName: string; args: readonly unknown[]; value?: bigint },
    hash: Hash,
    receipt: TransactionReceipt,
    context?: { dstEid?: number; amount?: bigint },
  ): Promise<TransactionRevertedError> => {
    const transaction = await chain.client.getTransaction({ hash });
    let cause: unknown;
    try {
      await chain.client.simulateContract({ ...call, account: transaction.from, gas: transaction.gas, blockNumber: receipt.blockNumber, chain: chain.chain } as never);
    } catch (error) {
      cause = decodeTributaryError(error, chain.name, context);
    }
    return new TransactionRevertedError(chain.name, call.functionName, hash, receipt.gasUsed, transaction.gas, cause === undefined ? undefined : { cause });
  };

  const requireEth = async (chain: Resolved, account: Address, required: bigint) => {
    const available = await chain.client.getBalance({ address: account });
    if (available < required) throw new InsufficientBalanceError(chain.name, 'ETH', account, available, required);
  };
  const requireTrEth = async (chain: Resolved, account: Address, required: bigint) => {
    const available = await chain.client.readContract({ address: chain.entry.contracts.TrETH, abi: trETHOFTAbi, functionName: 'balanceOf', args: [account] });
    if (available < required) throw new InsufficientBalanceError(chain.name, 'trETH', account, available, required);
  };
  /** Approves `spender` for `amount` of hub trETH when the allowance is short. */
  const ensureAllowance = async (owner: Address, spender: Address, amount: bigint) => {
    const allowance = await hub.client.readContract({ address: hubContracts.TrETH, abi: trETHAbi, functionName: 'allowance', args: [owner, spender] });
    if (allowance < amount) await write(hub, { address: hubContracts.TrETH, abi: trETHAbi, functionName: 'approve', args: [spender, amount] });
  };

  const getRate = async (name: string): Promise<RateInfo> => {
    const chain = resolve(name);
    const { number: blockNumber, timestamp } = await chain.client.getBlock();
    const ageOf = (updatedAt: bigint) => (timestamp > updatedAt ? timestamp - updatedAt : 0n);
    if (chain.entry.role === 'hub') {
      const [rate, updatedAt] = await Promise.all([
        read(chain, chain.client.readContract({ address: hubContracts.TrETH, abi: trETHAbi, functionName: 'getRate', blockNumber })),
        read(chain, chain.client.readContract({ address: hubContracts.TrETH, abi: trETHAbi, functionName: 'lastReportTime', blockNumber })),
      ]);
      return { chain: name, role: 'hub', rate, updatedAt, age: ageOf(updatedAt), blockNumber, stale: false };
    }
    const contracts = spokeContracts(chain);
    const [[rate, updatedAt], maxAge] = await Promise.all([
      read(chain, chain.client.readContract({ address: contracts.RateReceiver, abi: rateReceiverAbi, functionName: 'rateAndUpdatedAt', blockNumber })),
      read(chain, chain.client.readContract({ address: contracts.SpokePool, abi: spokePoolAbi, functionName: 'maxRateAge', blockNumber })),
    ]);
    const age = ageOf(updatedAt);
    return { chain: name, role: 'spoke', rate, updatedAt, age, blockNumber, maxAge, stale: rate === 0n || age > maxAge };
  };

  const quoteStake = async (name: string, assets: bigint, { slippageBps = DEFAULT_SLIPPAGE_BPS } = {}): Promise<StakeQuote> => {
    const chain = resolve(name);
    checkPositive(assets, 'assets');
    checkBps(slippageBps);
    if (chain.entry.role === 'hub') {
      const address = hubContracts.TrETH;
      const [[depositsPaused], shares, rate] = await Promise.all([
        read(chain, chain.client.readContract({ address, abi: trETHAbi, functionName: 'paused' })),
        read(chain, chain.client.readContract({ address, abi: trETHAbi, functionName: 'previewDeposit', args: [assets] })),
        read(chain, chain.client.readContract({ address, abi: trETHAbi, functionName: 'getRate' })),
      ]);
      if (depositsPaused) throw new PausedError(name, 'deposits');
      return { chain: name, assets, shares, fee: 0n, minShares: withSlippage(shares, slippageBps), rate };
    }
    const address = spokeContracts(chain).SpokePool;
    const [[shares, fee], rate] = await Promise.all([
      read(chain, chain.client.readContract({ address, abi: spokePoolAbi, functionName: 'quoteDeposit', args: [assets] })),
      read(chain, chain.client.readContract({ address, abi: spokePoolAbi, functionName: 'rate' })),
    ]);
    return { chain: name, assets, shares, fee, minShares: withSlippage(shares, slippageBps), rate };
  };

  const stake = async (
    name: string,
    assets: bigint,
    { receiver, slippageBps = DEFAULT_SLIPPAGE_BPS, minShares }: { receiver?: Address; slippageBps?: number; minShares?: bigint } = {},
  ): Promise<StakeResult> => {
    const chain = resolve(name);
    const account = signer(chain).account.address;
    const to = receiver ?? account;
    checkPositive(assets, 'assets');
    await requireEth(chain, account, assets);
    const min = minShares ?? (await quoteStake(name, assets, { slippageBps })).minShares;
    const isHub = chain.entry.role === 'hub';
    const address = isHub ? hubContracts.TrETH : spokeContracts(chain).SpokePool;
    const abi = isHub ? trETHAbi : spokePoolAbi;
    const { hash, receipt } = await write(chain, { address, abi, functionName: isHub ? 'depositETH' : 'deposit', args: [to, min], value: assets });
    const [deposited] = parseEventLogs({ abi, eventName: 'Deposited', logs: receipt.logs.filter((log) => log.address.toLowerCase() === address.toLowerCase()) });
    if (!deposited) throw new TributaryError(`No Deposited event in ${hash}`);
    return { hash, receipt, receiver: to, shares: deposited.args.shares, minShares: min };
  };

  /** The OFT a chain sends trETH with: the lockbox on the hub, the token itself on a spoke. */
  const oftOf = (chain: Resolved) =>
    chain.entry.role === 'hub'
      ? ({ address: hubContracts.TrETHAdapter, abi: trETHAdapterAbi } as const)
      : ({ address: spokeContracts(chain).TrETH, abi: trETHOFTAbi } as const);

  const quoteBridge = async (
    fromName: string,
    toName: string,
    amount: bigint,
    { recipient, slippageBps = 0 }: { recipient?: Address; slippageBps?: number } = {},
  ): Promise<BridgeQuote> => {
    const from = resolve(fromName);
    const to = resolve(toName);
    if (from === to) throw new UnsupportedChainError(toName, `is the source chain: bridge to another chain`);
    checkPositive(amount, 'amount');
    const receiverAddress = recipient ?? from.wallet?.account.address;
    if (!receiverAddress) throw new TributaryError('quoteBridge needs a recipient (or a wallet client on the source chain)');
    const dstEid = to.entry.eid;
    const oft = oftOf(from);
    // Both ABIs share the OFT functions; one typed view keeps the calls simple.
    const contract = { address: oft.address, abi: trETHOFTAbi } as const;
    const base: SendParam = { dstEid, to: pad(receiverAddress), amountLD: amount, minAmountLD: 0n, extraOptions: '0x', composeMsg: '0x', oftCmd: '0x' };
    const context = { dstEid, amount };
    const [[, , oftReceipt], [, canBeSent]] = await Promise.all([
      read(from, from.client.readContract({ ...contract, functionName: 'quoteOFT', args: [base] }), context),
      read(from, from.client.readContract({ ...contract, functionName: 'getAmountCanBeSent', args: [dstEid] }), context),
    ]);
    if (amount > canBeSent) throw new RateLimitError(fromName, dstEid, amount, canBeSent);
    const sendParam = { ...base, minAmountLD: withSlippage(oftReceipt.amountReceivedLD, slippageBps) };
    const fee = await read(from, from.client.readContract({ ...contract, functionName: 'quoteSend', args: [sendParam, false] }), context);
    return { from: fromName, to: toName, amount, amountReceived: oftReceipt.amountReceivedLD, nativeFee: fee.nativeFee, canBeSent, sendParam };
  };

  const bridge = async (fromName: string, toName: string, amount: bigint, options: { recipient?: Address; slippageBps?: number } = {}): Promise<BridgeResult> => {
    const from = resolve(fromName);
    const account = signer(from).account.address;
    checkPositive(amount, 'amount');
    await requireTrEth(from, account, amount);
    const quote = await quoteBridge(fromName, toName, amount, { recipient: options.recipient ?? account, ...(options.slippageBps === undefined ? {} : { slippageBps: options.slippageBps }) });
    await requireEth(from, account, quote.nativeFee);
    const oft = oftOf(from);
    if (from.entry.role === 'hub') await ensureAllowance(account, oft.address, amount);
    const { hash, receipt } = await write(
      from,
      { ...oft, functionName: 'send', args: [quote.sendParam, { nativeFee: quote.nativeFee, lzTokenFee: 0n }, account], value: quote.nativeFee },
      { dstEid: quote.sendParam.dstEid, amount },
    );
    const [sent] = parseEventLogs({ abi: trETHOFTAbi, eventName: 'OFTSent', logs: receipt.logs.filter((log) => log.address.toLowerCase() === oft.address.toLowerCase()) });
    if (!sent) throw new TributaryError(`No OFTSent event in ${hash}`);
    return { hash, receipt, guid: sent.args.guid, amountSent: sent.args.amountSentLD, amountReceived: sent.args.amountReceivedLD, nativeFee: quote.nativeFee };
  };

  const queue = { address: hubContracts.WithdrawalQueue, abi: withdrawalQueueAbi } as const;

  const requestWithdrawal = async (shares: bigint, { owner }: { owner?: Address } = {}) => {
    const account = signer(hub).account.address;
    checkPositive(shares, 'shares');
    await requireTrEth(hub, account, shares);
    await ensureAllowance(account, queue.address, shares);
    const { hash, receipt } = await write(hub, { ...queue, functionName: 'requestWithdrawal', args: [shares, owner ?? account] });
    const [requested] = parseEventLogs({ abi: withdrawalQueueAbi, eventName: 'WithdrawalRequested', logs: receipt.logs });
    if (!requested) throw new TributaryError(`No WithdrawalRequested event in ${hash}`);
    return { hash, receipt, requestId: requested.args.requestId };
  };

  /** Requests as the queue reports them at `blockNumber`, with their times from the request events. */
  const readWithdrawals = async (requestIds: readonly bigint[], blockNumber?: bigint, fromBlock?: bigint): Promise<Withdrawal[]> => {
    const at = blockNumber === undefined ? {} : { blockNumber };
    const [requests, times] = await Promise.all([
      Promise.all(requestIds.map((requestId) => read(hub, hub.client.readContract({ ...queue, functionName: 'getRequest', args: [requestId], ...at })))),
      read(hub, withdrawalRequestTimes(hub.client, { queue: queue.address, requestIds, ...at, ...(fromBlock === undefined ? {} : { fromBlock }) })),
    ]);
    return requestIds.map((requestId, index) => {
      const request = requests[index]!;
      const status: WithdrawalStatus = request.claimed ? 'claimed' : request.finalized ? 'claimable' : 'pending';
      return { requestId, shares: request.shares, rateAtRequest: request.rateAtRequest, ethFinalized: request.ethFinalized, requestedAt: times.get(requestId) ?? 0n, status };
    });
  };

  const getWithdrawal = async (requestId: bigint): Promise<Withdrawal> => (await readWithdrawals([requestId]))[0]!;

  const getWithdrawalsOf = async (owner?: Address, { fromBlock }: { fromBlock?: bigint } = {}): Promise<Withdrawal[]> => {
    const who = owner ?? signer(hub).account.address;
    const { ids, blockNumber } = await read(hub, withdrawalRequestIdsOf(hub.client, { queue: queue.address, owner: who, ...(fromBlock === undefined ? {} : { fromBlock }) }));
    return readWithdrawals(ids, blockNumber, fromBlock);
  };

  const claimWithdrawal = async (requestId: bigint) => {
    const { hash, receipt } = await write(hub, { ...queue, functionName: 'claim', args: [requestId] });
    const [claimed] = parseEventLogs({ abi: withdrawalQueueAbi, eventName: 'WithdrawalClaimed', logs: receipt.logs });
    if (!claimed) throw new TributaryError(`No WithdrawalClaimed event in ${hash}`);
    return { hash, receipt, eth: claimed.args.eth };
  };

  const getBacking = async (): Promise<Backing> => {
    const ledger = { address: hubContracts.BackingLedger, abi: backingLedgerAbi } as const;
    const [lockboxBalance, totalInTransit, perSpoke] = await Promise.all([
      read(hub, hub.client.readContract({ ...ledger, functionName: 'lockboxBalance' })),
      read(hub, hub.client.readContract({ ...ledger, functionName: 'totalInTransit' })),
      Promise.all(
        spokes.map(async (chain): Promise<SpokeBacking> => {
          const [record, supply] = await Promise.all([
            read(hub, hub.client.readContract({ ...ledger, functionName: 'spoke', args: [chain.entry.eid] })),
            read(chain, chain.client.readContract({ address: chain.entry.contracts.TrETH, abi: trETHOFTAbi, functionName: 'totalSupply' })),
          ]);
          return {
            chain: chain.name,
            eid: chain.entry.eid,
            supply,
            reportedSupply: record.reportedSupply,
            backedShares: record.backedShares,
            unbackedShares: record.unbackedShares,
            inTransit: record.inTransit,
            landedAssets: record.landedAssets,
            mintedShares: record.mintedShares,
            lastBatchId: record.lastBatchId,
          };
        }),
      ),
    ]);
    return { lockboxBalance, totalInTransit, spokes: perSpoke };
  };

  const getParkedCredit = async (chainName: string, guid: Hex): Promise<ParkedCredit> => {
    const chain = resolve(chainName);
    return read(chain, parkedCredit(chain.client, { oft: oftOf(chain).address, guid }));
  };

  const getParkedCreditsOf = async (chainName: string, recipient?: Address, { fromBlock }: { fromBlock?: bigint } = {}): Promise<ParkedCredit[]> => {
    const chain = resolve(chainName);
    const who = recipient ?? signer(chain).account.address;
    return read(chain, parkedCreditsOf(chain.client, { oft: oftOf(chain).address, recipient: who, ...(fromBlock === undefined ? {} : { fromBlock }) }));
  };

  return {
    manifest,
    hub: hub.name as ChainNameOf<M>,
    spokes: spokes.map((chain) => chain.name as ChainNameOf<M>),
    getRate,
    quoteStake,
    stake,
    quoteBridge,
    bridge,
    requestWithdrawal,
    getWithdrawal: (requestId: bigint) => getWithdrawal(requestId),
    getWithdrawalsOf,
    claimWithdrawal,
    getBacking,
    getParkedCredit,
    getParkedCreditsOf,
  };
}
