import { BaseError, HttpRequestError, InsufficientFundsError, SwitchChainError, UserRejectedRequestError } from 'viem';
import {
  CapExceededError,
  ContractRevertError,
  InsufficientBalanceError,
  PausedError,
  RateLimitError,
  SlippageError,
  StaleRateError,
  TransactionRevertedError,
  TributaryError,
  decodeTributaryError,
} from '@tributary/sdk';

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

function hasCode(error: unknown, code: number): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && (error as { code: unknown }).code === code;
}

/** How the page treats each of the SDK's errors; the SDK's message is what the page says. */
function kindOf(error: TributaryError): ErrorKind {
  if (error instanceof StaleRateError) return error.age === undefined ? 'no-rate' : 'stale-rate';
  if (error instanceof PausedError) return 'paused';
  if (error instanceof CapExceededError) return 'cap';
  if (error instanceof SlippageError) return 'slippage';
  if (error instanceof RateLimitError) return 'bridge-limit';
  if (error instanceof InsufficientBalanceError) return 'insufficient-funds';
  if (error instanceof ContractRevertError && /^WithdrawalQueue_AmountToo(Small|Large)$/.test(error.errorName)) return 'withdrawal-limit';
  if (error instanceof ContractRevertError && error.errorName === 'SlippageExceeded') return 'slippage';
  return 'contract';
}

/**
 * Turns whatever a wallet, RPC or contract threw into one sentence a staker can act on: contract
 * reverts through the SDK's decoder (every custom error of every contract); the wallet and the
 * transport here.
 */
export function describeError(error: unknown, { chainLabel }: ErrorContext): UserError {
  if (error instanceof TransactionRevertedError) {
    return { kind: 'contract', message: `The transaction was included on ${chainLabel} but reverted, so nothing moved and only the network fee was spent.`, detail: error.message };
  }
  const decoded = decodeTributaryError(error, chainLabel);
  if (decoded instanceof TributaryError) return { kind: kindOf(decoded), message: decoded.message };
  if (!(error instanceof BaseError)) {
    if (hasCode(error, 4001)) return rejected();
    const message = error instanceof Error ? error.message : String(error);
    return { kind: 'unknown', message };
  }
  if (error.walk((cause) => cause instanceof UserRejectedRequestError || hasCode(cause, 4001))) return rejected();
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
