import {
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
  webSocket,
} from 'viem';
import { type Backing, getBacking } from './actions/backing.js';
import { type BridgeQuote, type BridgeResult, bridge, oftOf, quoteBridge } from './actions/bridge.js';
import { type SignerClient, checkPositive, read } from './actions/internal.js';
import { type RateInfo, getRate } from './actions/rate.js';
import { type StakeQuote, type StakeResult, quoteStake, stake } from './actions/stake.js';
import { type Withdrawal, claimWithdrawal, getWithdrawal, getWithdrawalsOf, requestWithdrawal } from './actions/withdraw.js';
import { TributaryError, UnsupportedChainError } from './errors.js';
import { type ChainRef, type ManifestChain, type SpokeChain, type TributaryManifest, chainOf, hubOf } from './manifest.js';
import { type ParkedCredit, parkedCredit, parkedCreditsOf } from './parked.js';

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

function viemChainOf(name: string, entry: ManifestChain): Chain {
  return defineChain({
    id: entry.chainId,
    name,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [entry.rpcUrl] } },
  });
}

/**
 * Binds the SDK's actions (`@tributary/sdk`'s `getRate`, `stake`, `bridge`, ...) to a deployment
 * manifest and viem clients: each method resolves chain names and calls the action with the
 * chain's client. It holds no logic of its own.
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
  const clients = new Map<string, { client: PublicClient; wallet?: SignerClient }>();
  for (const [name, entry] of Object.entries(manifest.chains)) {
    const chain = viemChainOf(name, entry);
    const transport = () => (/^wss?:/.test(entry.rpcUrl) ? webSocket(entry.rpcUrl) : http(entry.rpcUrl));
    const client = publicClients[name] ?? createPublicClient({ chain, transport: transport() });
    const wallet = walletClients[name] ?? (options.account ? createWalletClient({ chain, transport: transport(), account: options.account }) : undefined);
    clients.set(name, { client, ...(wallet ? { wallet } : {}) });
  }
  const hub = hubOf(manifest);
  const names = Object.keys(manifest.chains) as ChainNameOf<M>[];
  const spokes = names.filter((name) => manifest.chains[name]!.role === 'spoke');

  const chain = (name: string): ChainRef => chainOf(manifest, name as ChainNameOf<M>);
  const client = (name: string): PublicClient => {
    const found = clients.get(name);
    if (!found) throw new UnsupportedChainError(name);
    return found.client;
  };
  const signer = (name: string): SignerClient => {
    const wallet = clients.get(name)?.wallet;
    if (!wallet) throw new TributaryError(`No wallet client for ${name}: pass walletClients.${name} or account`);
    return wallet;
  };
  const on = (name: string) => ({ ref: chain(name), client: client(name) });

  return {
    manifest,
    hub: hub.name as ChainNameOf<M>,
    spokes,
    getRate: async (name) => getRate(client(name), { chain: chain(name) }),
    quoteStake: async (name, assets, { slippageBps } = {}) => quoteStake(client(name), { chain: chain(name), assets, ...(slippageBps === undefined ? {} : { slippageBps }) }),
    stake: async (name, assets, params = {}) => {
      const ref = chain(name);
      checkPositive(assets, 'assets');
      return stake(signer(name), { chain: ref, assets, ...params });
    },
    quoteBridge: async (from, to, amount, { recipient, slippageBps } = {}) => {
      const source = on(from);
      const receiver = recipient ?? clients.get(from)?.wallet?.account.address;
      return quoteBridge(source.client, { from: source.ref, to: chain(to), amount, ...(receiver ? { recipient: receiver } : {}), ...(slippageBps === undefined ? {} : { slippageBps }) });
    },
    bridge: async (from, to, amount, params = {}) => bridge(signer(from), { from: chain(from), to: chain(to), amount, ...params }),
    requestWithdrawal: async (shares, { owner } = {}) => requestWithdrawal(signer(hub.name), { hub, shares, ...(owner === undefined ? {} : { owner }) }),
    getWithdrawal: async (requestId) => getWithdrawal(client(hub.name), { hub, requestId }),
    getWithdrawalsOf: async (owner, { fromBlock } = {}) =>
      getWithdrawalsOf(client(hub.name), { hub, owner: owner ?? signer(hub.name).account.address, ...(fromBlock === undefined ? {} : { fromBlock }) }),
    claimWithdrawal: async (requestId) => claimWithdrawal(signer(hub.name), { hub, requestId }),
    getBacking: async () =>
      getBacking(client(hub.name), { hub, spokes: spokes.map((name) => ({ spoke: chain(name) as ChainRef<SpokeChain>, spokeClient: client(name) })) }),
    getParkedCredit: async (name, guid) => {
      const { ref, client: reader } = on(name);
      return read(ref, parkedCredit(reader, { oft: oftOf(ref).address, guid }));
    },
    getParkedCreditsOf: async (name, recipient, { fromBlock } = {}) => {
      const { ref, client: reader } = on(name);
      return read(ref, parkedCreditsOf(reader, { oft: oftOf(ref).address, recipient: recipient ?? signer(name).account.address, ...(fromBlock === undefined ? {} : { fromBlock }) }));
    },
  };
}
