import {
  BaseError,
  ContractFunctionRevertedError,
  HttpRequestError,
  InsufficientFundsError,
  SwitchChainError,
  UserRejectedRequestError,
  formatEther,
} from 'viem';
import { formatDuration } from './format';

export type ErrorKind =
  | 'rejected'
  | 'insufficient-funds'
  | 'stale-rate'
  | 'no-rate'
  | 'paused'
  | 'cap'
  | 'slippage'
  | 'bridge-limit'
  | 'withdrawal-limit'
  | 'switch-chain'
  | 'rpc-unreachable'
  | 'contract'
  | 'unknown';

export interface UserError {
  kind: ErrorKind;
  message: string;
  /** What the wallet or node said, for errors we cannot explain better. */
  detail?: string;
}

export interface ErrorContext {
  /** The chain the action ran on, as people read it ("Alpha L2"). */
  chainLabel: string;
}

function revertOf(error: BaseError): ContractFunctionRevertedError | undefined {
  const found = error.walk((cause) => cause instanceof ContractFunctionRevertedError);
  return found instanceof ContractFunctionRevertedError ? found : undefined;
}

function hasCode(error: unknown, code: number): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && (error as { code: unknown }).code === code;
}

/** Turns whatever a wallet, RPC or contract threw into one sentence a staker can act on. */
export function describeError(error: unknown, { chainLabel }: ErrorContext): UserError {
  if (!(error instanceof BaseError)) {
    if (hasCode(error, 4001)) return rejected();
    const message = error instanceof Error ? error.message : String(error);
    return { kind: 'unknown', message };
  }
  if (error.walk((cause) => cause instanceof UserRejectedRequestError || hasCode(cause, 4001))) return rejected();
  const revert = revertOf(error);
  if (revert?.data) {
    const { errorName, args = [] } = revert.data;
    switch (errorName) {
      case 'SpokePool_StaleRate': {
        const [age, maxAge] = args as readonly [bigint, bigint];
        return {
          kind: 'stale-rate',
          message: `The exchange rate on ${chainLabel} is stale: it was last updated ${formatDuration(Number(age))} ago, and deposits need one newer than ${formatDuration(Number(maxAge))}. Deposits reopen as soon as the relayer delivers a fresh rate from the hub.`,
        };
      }
      case 'SpokePool_NoRate':
      case 'RateReceiver_NoRate':
        return { kind: 'no-rate', message: `${chainLabel} has not received an exchange rate from the hub yet, so it cannot price a deposit. Try again once the relayer has pushed one.` };
      case 'SpokePool_Paused':
      case 'TrETH_DepositsPaused':
        return { kind: 'paused', message: `Deposits on ${chainLabel} are paused by the operator. Your ETH was not sent.` };
      case 'SpokePool_MintCapExceeded':
      case 'SpokePool_PendingCapExceeded': {
        const [, remaining] = args as readonly [bigint, bigint];
        const why = errorName === 'SpokePool_MintCapExceeded' ? 'the daily minting limit' : 'the limit on trETH minted before the next batch reaches the hub';
        return {
          kind: 'cap',
          message: `This deposit is over ${why} on ${chainLabel}: at most ${formatEther(remaining)} trETH can be minted now. Try a smaller amount, later, or another chain.`,
        };
      }
      case 'SpokePool_InsufficientShares':
      case 'TrETH_InsufficientShares':
        return { kind: 'slippage', message: 'The rate moved since your quote, so you would receive less trETH than the minimum you accepted. Check the new quote and try again.' };
      case 'RateLimitExceeded':
        return { kind: 'bridge-limit', message: `The bridge from ${chainLabel} is at its safety limit for that destination right now. Send less, or wait for the limit to refill.` };
      case 'SlippageExceeded':
        return { kind: 'slippage', message: 'Less trETH would arrive than the minimum you accepted, so nothing was sent.' };
      case 'WithdrawalQueue_AmountTooSmall':
      case 'WithdrawalQueue_AmountTooLarge': {
        const [eth, limit] = args as readonly [bigint, bigint];
        const side = errorName === 'WithdrawalQueue_AmountTooSmall' ? 'at least' : 'at most';
        return { kind: 'withdrawal-limit', message: `A withdrawal request must be worth ${side} ${formatEther(limit)} ETH; this one is worth ${formatEther(eth)} ETH.` };
      }
      case 'WithdrawalQueue_NotFinalized':
        return { kind: 'contract', message: 'This withdrawal is not finalized yet: it can be claimed after an oracle report finalizes it.' };
      case 'WithdrawalQueue_AlreadyClaimed':
        return { kind: 'contract', message: 'This withdrawal was already claimed.' };
      case 'SpokePool_ZeroDeposit':
      case 'TrETH_ZeroDeposit':
        return { kind: 'contract', message: 'Enter an amount greater than 0.' };
      default:
        return { kind: 'contract', message: `The contract on ${chainLabel} refused the transaction${errorName ? ` (${errorName})` : ''}.` };
    }
  }
  if (error.walk((cause) => cause instanceof InsufficientFundsError) instanceof InsufficientFundsError) {
    return { kind: 'insufficient-funds', message: `Not enough ETH on ${chainLabel} for this amount plus the network fee.` };
  }
  const switchError = error.walk((cause) => cause instanceof SwitchChainError || (cause instanceof Error && cause.name === 'SwitchChainError'));
  if (switchError) {
    return { kind: 'switch-chain', message: `Your wallet did not switch to ${chainLabel}. Switch network in your wallet, then try again.` };
  }
  const http = error.walk((cause) => cause instanceof HttpRequestError);
  if (http instanceof HttpRequestError) {
    return { kind: 'rpc-unreachable', message: `Cannot reach the ${chainLabel} node at ${http.url}. Is the devnet running?` };
  }
  return { kind: 'unknown', message: error.shortMessage || error.message, detail: error.details || undefined };
}

function rejected(): UserError {
  return { kind: 'rejected', message: 'You rejected the request in your wallet. Nothing was sent.' };
}
