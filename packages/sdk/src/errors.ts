import { type Address, BaseError, ContractFunctionRevertedError, decodeErrorResult, formatEther, type Hex } from 'viem';
import { tributaryErrorsAbi } from './generated/errors.js';
import { formatDuration } from './format.js';

/** Base class of every error the SDK throws; `cause` keeps the underlying viem error, if any. */
export class TributaryError extends Error {
  override name = 'TributaryError';
}

/** The manifest is malformed (names the first bad field). */
export class ManifestError extends TributaryError {
  override name = 'ManifestError';
}

/** The chain is not in the manifest, or the action does not exist there (e.g. withdrawals on a spoke). */
export class UnsupportedChainError extends TributaryError {
  override name = 'UnsupportedChainError';
  constructor(
    readonly chain: string | number,
    reason = 'is not in the manifest',
  ) {
    super(`Chain ${String(chain)} ${reason}`);
  }
}

/**
 * The spoke rate is older than the pool accepts (`SpokePool.maxRateAge`), or there is no rate yet
 * (`age` and `maxAge` undefined). Deposits refuse until the relayer pushes a fresh rate.
 */
export class StaleRateError extends TributaryError {
  override name = 'StaleRateError';
  constructor(
    readonly chain: string,
    readonly age?: bigint,
    readonly maxAge?: bigint,
    options?: ErrorOptions,
  ) {
    super(
      age === undefined
        ? `${chain} has not received an exchange rate from the hub yet, so it cannot price a deposit. Try again once the relayer has pushed one.`
        : `The exchange rate on ${chain} is stale: it was last updated ${formatDuration(age)} ago, and deposits need one newer than ${formatDuration(maxAge ?? 0n)}. Deposits reopen as soon as the relayer delivers a fresh rate from the hub.`,
      options,
    );
  }
}

/** Deposits (hub or spoke) or withdrawal requests are paused. */
export class PausedError extends TributaryError {
  override name = 'PausedError';
  constructor(
    readonly chain: string,
    readonly what: 'deposits' | 'withdrawal requests',
    options?: ErrorOptions,
  ) {
    super(`${what === 'deposits' ? 'Deposits' : 'Withdrawal requests'} are paused on ${chain} by the operator. Nothing was sent.`, options);
  }
}

/** The account holds less ETH or trETH than the action needs. */
export class InsufficientBalanceError extends TributaryError {
  override name = 'InsufficientBalanceError';
  constructor(
    readonly chain: string,
    readonly token: 'ETH' | 'trETH',
    readonly account: Address,
    readonly available: bigint,
    readonly required: bigint,
    options?: ErrorOptions,
  ) {
    super(`${account} holds ${available} wei of ${token} on ${chain}, needs ${required}`, options);
  }
}

/** A bridge send exceeds the OFT's outbound rate limit to that destination (`getAmountCanBeSent`). */
export class RateLimitError extends TributaryError {
  override name = 'RateLimitError';
  constructor(
    readonly chain: string,
    readonly dstEid?: number,
    readonly amount?: bigint,
    /** What can be sent now, when known. */
    readonly available?: bigint,
    options?: ErrorOptions,
  ) {
    super(
      `The bridge from ${chain} is at its safety limit towards eid ${dstEid ?? '?'} right now` +
        (amount === undefined ? '' : ` for ${formatEther(amount)} trETH`) +
        (available === undefined ? '' : ` (${formatEther(available)} trETH can be sent now)`) +
        '. Send less, or wait for the limit to refill.',
      options,
    );
  }
}

/** The deposit would mint fewer shares than `minShares` (the rate moved past the slippage allowed). */
export class SlippageError extends TributaryError {
  override name = 'SlippageError';
  constructor(
    readonly chain: string,
    readonly shares: bigint,
    readonly minShares: bigint,
    options?: ErrorOptions,
  ) {
    super(`The rate moved since your quote on ${chain}: you would receive ${formatEther(shares)} trETH, less than the minimum ${formatEther(minShares)} you accepted. Check the new quote and try again.`, options);
  }
}

/** A spoke safety cap (per-period mint cap or unbacked cap) leaves room for only `remaining` shares. */
export class CapExceededError extends TributaryError {
  override name = 'CapExceededError';
  constructor(
    readonly chain: string,
    readonly cap: 'mint' | 'pending',
    readonly shares: bigint,
    readonly remaining: bigint,
    options?: ErrorOptions,
  ) {
    const why = cap === 'mint' ? 'the daily minting limit' : 'the limit on trETH minted before the next batch reaches the hub';
    super(`This deposit is over ${why} on ${chain}: at most ${formatEther(remaining)} trETH can be minted now (it would mint ${formatEther(shares)}). Try a smaller amount, later, or another chain.`, options);
  }
}

/** The name of a custom error of any Tributary, stand-in or LayerZero contract (from the generated ABIs). */
export type TributaryErrorName = (typeof tributaryErrorsAbi)[number]['name'];

/**
 * Any other contract revert, decoded from the ABIs of every contract: `errorName` is the Solidity
 * custom error, `args` its arguments in order, `named` the same by parameter name, `contract` the
 * contract its prefix names (`WithdrawalQueue` for `WithdrawalQueue_NotFinalized`), if any.
 */
export class ContractRevertError extends TributaryError {
  override name = 'ContractRevertError';
  readonly contract: string | undefined;
  constructor(
    readonly chain: string,
    readonly errorName: TributaryErrorName | (string & {}),
    readonly args: readonly unknown[],
    readonly named: Readonly<Record<string, unknown>> = {},
    options?: ErrorOptions,
  ) {
    super(revertMessage(chain, errorName, args, named), options);
    this.contract = errorName.includes('_') ? errorName.slice(0, errorName.indexOf('_')) : undefined;
  }
}

const eth = (value: unknown) => `${formatEther(value as bigint)} ETH`;

/**
 * Sentences for the reverts a staker can meet and act on; the key type is every generated error
 * name, so a renamed or removed error fails the type check here. Any other error gets a sentence
 * built from its name and arguments (see {@link revertMessage}).
 */
const explained: { [K in TributaryErrorName]?: (chain: string, named: Record<string, unknown>) => string } = {
  WithdrawalQueue_AmountTooSmall: (_, { eth: value, minEth }) => `A withdrawal request must be worth at least ${eth(minEth)}; this one is worth ${eth(value)}.`,
  WithdrawalQueue_AmountTooLarge: (_, { eth: value, maxEth }) => `A withdrawal request must be worth at most ${eth(maxEth)}; this one is worth ${eth(value)}.`,
  WithdrawalQueue_NotFinalized: () => 'This withdrawal is not finalized yet: it can be claimed after an oracle report finalizes it.',
  WithdrawalQueue_AlreadyClaimed: () => 'This withdrawal was already claimed.',
  WithdrawalQueue_NotOwnerOrApproved: () => 'Only the owner of this withdrawal request (or an account it approved) can claim it.',
  SpokePool_ZeroDeposit: () => 'Enter an amount greater than 0.',
  TrETH_ZeroDeposit: () => 'Enter an amount greater than 0.',
  SlippageExceeded: () => 'Less trETH would arrive than the minimum you accepted, so nothing was sent.',
  InboundRateLimiter_NotYetReleasable: (_, { releasableAt }) => `This parked credit cannot be released before ${new Date(Number(releasableAt) * 1000).toISOString()}.`,
  InboundRateLimiter_ReleasesPaused: (chain) => `Releases of parked credits are paused on ${chain} by the guardian.`,
  ERC20InsufficientAllowance: () => 'The allowance is lower than the amount: approve it first.',
  NotEnoughNative: (chain) => `Not enough ETH sent on ${chain} for the LayerZero fee: quote again and retry.`,
};

/** "WithdrawalQueue_RequestsNotPaused" -> "requests not paused"; "ERC20InsufficientAllowance" -> "insufficient allowance". */
function words(errorName: string): string {
  const bare = errorName.includes('_') ? errorName.slice(errorName.indexOf('_') + 1) : errorName.replace(/^(ERC\d+|ECDSA)/, '');
  return bare
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase();
}

/** A readable sentence for any revert: the curated one when there is one, else its contract, its reason in words and its arguments. */
export function revertMessage(chain: string, errorName: string, args: readonly unknown[], named: Record<string, unknown> = {}): string {
  const curated = explained[errorName as TributaryErrorName];
  if (curated) return curated(chain, named);
  const contract = errorName.includes('_') ? `${errorName.slice(0, errorName.indexOf('_'))} ` : '';
  const entries = Object.entries(named);
  const detail = entries.length > 0 ? entries.map(([key, value]) => `${key} ${String(value)}`).join(', ') : args.map(String).join(', ');
  return `The ${contract}contract on ${chain} refused the call: ${words(errorName)}${detail ? ` (${detail})` : ''} [${errorName}]`;
}

/**
 * A transaction the simulation accepted reverted once mined: the chain changed between the two
 * (another transaction, a new block's timestamp), or the gas estimate fell short. `gasUsed` against
 * `gasLimit` tells an out-of-gas revert apart; the cause, when a replay decoded one, is in `cause`.
 */
export class TransactionRevertedError extends TributaryError {
  override name = 'TransactionRevertedError';
  constructor(
    readonly chain: string,
    readonly functionName: string,
    readonly hash: Hex,
    readonly gasUsed: bigint,
    readonly gasLimit: bigint,
    options?: ErrorOptions,
  ) {
    const replayed = options?.cause instanceof Error ? `; replayed on the state its block left, it fails with: ${options.cause.message}` : '';
    super(`${functionName} reverted on ${chain} after it was mined (${hash}), having used ${gasUsed} of its ${gasLimit} gas${replayed}`, options);
  }
}

interface Revert {
  errorName: string;
  args: readonly unknown[];
  named: Record<string, unknown>;
}

/** The custom error inside a viem error, decoded with the ABIs of every contract (a nested call's error is not in the called ABI). */
function revertOf(error: BaseError): Revert | undefined {
  const reverted = error.walk((cause) => cause instanceof ContractFunctionRevertedError);
  if (!(reverted instanceof ContractFunctionRevertedError)) return undefined;
  const raw = reverted.raw;
  let decoded: { errorName: string; args: readonly unknown[] | undefined } | undefined = reverted.data;
  if (raw && raw.length >= 10) {
    try {
      decoded = decodeErrorResult({ abi: tributaryErrorsAbi, data: raw });
    } catch {
      // Not one of ours (or a Panic/Error string viem already decoded): keep viem's reading.
    }
  }
  if (!decoded || decoded.errorName === 'Error' || decoded.errorName === 'Panic') return undefined;
  const args = decoded.args ?? [];
  const item = tributaryErrorsAbi.find((entry) => entry.name === decoded.errorName && entry.inputs.length === args.length);
  const named: Record<string, unknown> = {};
  item?.inputs.forEach((input, index) => {
    if (input.name) named[input.name] = args[index];
  });
  return { errorName: decoded.errorName, args, named };
}

/**
 * Turns an error from any Tributary contract call (viem's, or a wallet's through viem) into the
 * SDK's typed error: stale rate, paused, rate limit, balance, slippage, caps; every other custom
 * error of every contract becomes a {@link ContractRevertError} with a readable message. `chain` is
 * the name the message uses for the chain ("alpha", or a label such as "Alpha L2"). Errors that are
 * not contract reverts (network, user rejection) are returned unchanged.
 *
 * @example
 * try { await walletClient.writeContract(...) } catch (error) { throw decodeTributaryError(error, 'alpha') }
 */
export function decodeTributaryError(error: unknown, chain: string, context: { dstEid?: number; amount?: bigint } = {}): unknown {
  if (error instanceof TributaryError || !(error instanceof BaseError)) return error;
  const revert = revertOf(error);
  if (!revert) return error;
  const { errorName, args, named } = revert;
  const arg = (index: number) => args[index] as bigint;
  const options = { cause: error };
  switch (errorName) {
    case 'SpokePool_StaleRate':
      return new StaleRateError(chain, arg(0), arg(1), options);
    case 'SpokePool_NoRate':
    case 'RateReceiver_NoRate':
      return new StaleRateError(chain, undefined, undefined, options);
    case 'SpokePool_Paused':
    case 'TrETH_DepositsPaused':
      return new PausedError(chain, 'deposits', options);
    case 'WithdrawalQueue_RequestsPaused':
      return new PausedError(chain, 'withdrawal requests', options);
    case 'RateLimitExceeded':
      return new RateLimitError(chain, context.dstEid, context.amount, undefined, options);
    case 'ERC20InsufficientBalance':
      return new InsufficientBalanceError(chain, 'trETH', args[0] as Address, arg(1), arg(2), options);
    case 'SpokePool_InsufficientShares':
    case 'TrETH_InsufficientShares':
      return new SlippageError(chain, arg(0), arg(1), options);
    case 'SpokePool_MintCapExceeded':
      return new CapExceededError(chain, 'mint', arg(0), arg(1), options);
    case 'SpokePool_PendingCapExceeded':
      return new CapExceededError(chain, 'pending', arg(0), arg(1), options);
    default:
      return new ContractRevertError(chain, errorName, args, named, options);
  }
}
