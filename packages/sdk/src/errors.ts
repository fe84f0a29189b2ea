import { type Abi, type Address, BaseError, ContractFunctionRevertedError, decodeErrorResult, type Hex } from 'viem';
import {
  backingLedgerAbi,
  rateReceiverAbi,
  spokePoolAbi,
  trETHAbi,
  trETHAdapterAbi,
  trETHOFTAbi,
  withdrawalQueueAbi,
} from './abis.js';

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
        ? `No rate has reached ${chain} yet: deposits are refused until the first rate update`
        : `The rate on ${chain} is ${age}s old, over the ${String(maxAge)}s the pool accepts: deposits are refused until a fresh rate arrives`,
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
    super(`${what === 'deposits' ? 'Deposits' : 'Withdrawal requests'} are paused on ${chain}`, options);
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
      `Sending ${amount ?? 'that amount'} from ${chain} to eid ${dstEid ?? '?'} exceeds the outbound rate limit` +
        (available === undefined ? '' : ` (${available} can be sent now)`),
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
    super(`The deposit on ${chain} would mint ${shares} shares, under the minimum ${minShares}`, options);
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
    super(`The ${cap} cap on ${chain} leaves room for ${remaining} shares, the deposit mints ${shares}`, options);
  }
}

/** Any other contract revert, decoded: `errorName` is the Solidity custom error, `args` its arguments. */
export class ContractRevertError extends TributaryError {
  override name = 'ContractRevertError';
  constructor(
    readonly chain: string,
    readonly errorName: string,
    readonly args: readonly unknown[],
    options?: ErrorOptions,
  ) {
    super(`Reverted on ${chain} with ${errorName}(${args.map(String).join(', ')})`, options);
  }
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

/** Every custom error of the contracts the SDK calls, to decode reverts raised by a nested call. */
const errorAbi = [trETHAbi, trETHAdapterAbi, withdrawalQueueAbi, backingLedgerAbi, trETHOFTAbi, spokePoolAbi, rateReceiverAbi]
  .flat()
  .filter((item) => item.type === 'error') as Abi;

function revertOf(error: BaseError): { errorName: string; args: readonly unknown[] } | undefined {
  const reverted = error.walk((cause) => cause instanceof ContractFunctionRevertedError);
  if (!(reverted instanceof ContractFunctionRevertedError)) return undefined;
  if (reverted.data) return { errorName: reverted.data.errorName, args: reverted.data.args ?? [] };
  const raw = (reverted as { raw?: Hex }).raw;
  if (!raw || raw.length < 10) return undefined;
  try {
    const decoded = decodeErrorResult({ abi: errorAbi, data: raw });
    return { errorName: decoded.errorName, args: decoded.args ?? [] };
  } catch {
    return undefined;
  }
}

/**
 * Turns a viem error from a Tributary contract call into the SDK's typed error: stale rate, paused,
 * rate limit, balance, slippage, caps; any other custom error becomes a {@link ContractRevertError}.
 * Errors that are not contract reverts (network, user rejection) are returned unchanged.
 *
 * @example
 * try { await walletClient.writeContract(...) } catch (error) { throw decodeTributaryError(error, 'alpha') }
 */
export function decodeTributaryError(error: unknown, chain: string, context: { dstEid?: number; amount?: bigint } = {}): unknown {
  if (error instanceof TributaryError || !(error instanceof BaseError)) return error;
  const revert = revertOf(error);
  if (!revert) return error;
  const { errorName, args } = revert;
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
      return new ContractRevertError(chain, errorName, args, options);
  }
}
