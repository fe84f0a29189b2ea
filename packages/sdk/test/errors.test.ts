import { type Abi, BaseError, ContractFunctionExecutionError, ContractFunctionRevertedError, encodeErrorResult, getAddress } from 'viem';
import { describe, expect, it } from 'vitest';
import {
  CapExceededError,
  ContractRevertError,
  InsufficientBalanceError,
  PausedError,
  RateLimitError,
  SlippageError,
  StaleRateError,
  TributaryError,
  decodeTributaryError,
  spokePoolAbi,
  trETHAbi,
  trETHOFTAbi,
  tributaryErrorsAbi,
  withdrawalQueueAbi,
} from '../src/index.js';

/** The error viem raises for a reverted call, built from the revert data as the node returns it. */
function revert(abi: Abi, errorName: string, args: readonly unknown[] = []) {
  const data = encodeErrorResult({ abi, errorName, args } as Parameters<typeof encodeErrorResult>[0]);
  const cause = new ContractFunctionRevertedError({ abi, data, functionName: 'deposit' });
  return new ContractFunctionExecutionError(cause, { abi, functionName: 'deposit', args: [] });
}

describe('decodeTributaryError', () => {
  it('maps a stale spoke rate to StaleRateError with its age and limit', () => {
    const error = decodeTributaryError(revert(spokePoolAbi, 'SpokePool_StaleRate', [90_000n, 86_400n]), 'alpha');
    expect(error).toBeInstanceOf(StaleRateError);
    expect(error).toMatchObject({ chain: 'alpha', age: 90_000n, maxAge: 86_400n });
    expect((error as Error).cause).toBeInstanceOf(BaseError);
  });

  it('maps a missing rate to StaleRateError without an age', () => {
    expect(decodeTributaryError(revert(spokePoolAbi, 'SpokePool_NoRate'), 'beta')).toMatchObject({ name: 'StaleRateError', age: undefined });
  });

  it('maps pauses on the hub, the spoke and the queue to PausedError', () => {
    expect(decodeTributaryError(revert(spokePoolAbi, 'SpokePool_Paused'), 'alpha')).toMatchObject({ name: 'PausedError', what: 'deposits' });
    expect(decodeTributaryError(revert(trETHAbi, 'TrETH_DepositsPaused'), 'hub')).toBeInstanceOf(PausedError);
    expect(decodeTributaryError(revert(withdrawalQueueAbi, 'WithdrawalQueue_RequestsPaused'), 'hub')).toMatchObject({ what: 'withdrawal requests' });
  });

  it('maps the OFT rate limit, balance, slippage and caps', () => {
    expect(decodeTributaryError(revert(trETHOFTAbi, 'RateLimitExceeded'), 'alpha', { dstEid: 40103, amount: 5n })).toMatchObject({ name: 'RateLimitError', dstEid: 40103, amount: 5n });
    const holder = getAddress('0x00000000000000000000000000000000000000aa');
    const balance = decodeTributaryError(revert(trETHOFTAbi, 'ERC20InsufficientBalance', [holder, 1n, 2n]), 'alpha');
    expect(balance).toBeInstanceOf(InsufficientBalanceError);
    expect(balance).toMatchObject({ account: holder, available: 1n, required: 2n, token: 'trETH' });
    expect(decodeTributaryError(revert(spokePoolAbi, 'SpokePool_InsufficientShares', [9n, 10n]), 'alpha')).toBeInstanceOf(SlippageError);
    expect(decodeTributaryError(revert(spokePoolAbi, 'SpokePool_MintCapExceeded', [5n, 3n]), 'alpha')).toMatchObject({ name: 'CapExceededError', cap: 'mint', remaining: 3n });
    expect(decodeTributaryError(revert(spokePoolAbi, 'SpokePool_PendingCapExceeded', [5n, 0n]), 'alpha')).toBeInstanceOf(CapExceededError);
    expect(new RateLimitError('hub', 40102, 10n, 4n).message).toMatch(/0\.000000000000000004 trETH can be sent now/);
  });

  it('decodes a custom error from a nested call through the combined error ABI', () => {
    // The revert is raised by TrETH but the call went to the queue: the queue's ABI lacks the error.
    const data = encodeErrorResult({ abi: trETHAbi, errorName: 'TrETH_ZeroReceiver' });
    const cause = new ContractFunctionRevertedError({ abi: [], data, functionName: 'requestWithdrawal' });
    const error = decodeTributaryError(new ContractFunctionExecutionError(cause, { abi: [], functionName: 'requestWithdrawal', args: [] }), 'hub');
    expect(error).toBeInstanceOf(ContractRevertError);
    expect(error).toMatchObject({ errorName: 'TrETH_ZeroReceiver' });
  });

  it('passes errors that are not reverts through unchanged', () => {
    const network = new BaseError('fetch failed');
    expect(decodeTributaryError(network, 'hub')).toBe(network);
    const typed = new TributaryError('x');
    expect(decodeTributaryError(typed, 'hub')).toBe(typed);
  });
});

/** Arguments of the right ABI types for an error, so it can be encoded as a node would return it. */
function sampleArgs(inputs: readonly { type: string }[]): unknown[] {
  return inputs.map(({ type }) => {
    if (type === 'address') return getAddress('0x00000000000000000000000000000000000000aa');
    if (type === 'bool') return true;
    if (type === 'string') return 'x';
    if (type === 'bytes') return '0x01';
    if (type.startsWith('bytes')) return `0x${'11'.repeat(Number(type.slice(5)))}`;
    return 7n;
  });
}

describe('decodeTributaryError over every contract', () => {
  it('decodes every custom error of every generated ABI to a typed error with a readable message', () => {
    expect(tributaryErrorsAbi.length).toBeGreaterThan(150);
    for (const item of tributaryErrorsAbi) {
      const data = encodeErrorResult({ abi: [item], errorName: item.name, args: sampleArgs(item.inputs) } as Parameters<typeof encodeErrorResult>[0]);
      // Raised by some nested call: the called contract's ABI (empty here) does not know the error.
      const cause = new ContractFunctionRevertedError({ abi: [], data, functionName: 'f' });
      const error = decodeTributaryError(new ContractFunctionExecutionError(cause, { abi: [], functionName: 'f', args: [] }), 'Alpha L2');
      expect(error, item.name).toBeInstanceOf(TributaryError);
      const { message } = error as TributaryError;
      expect(message, item.name).not.toMatch(/undefined|NaN|\[object/);
      if (error instanceof ContractRevertError) {
        expect(error.errorName).toBe(item.name);
        // A curated sentence, or the generic one that names the chain, the reason and the error.
        if (message.includes('refused the call')) expect(message).toMatch(new RegExp(`on Alpha L2 .*\\[${item.name}\\]$`));
        expect(Object.keys(error.named)).toEqual(item.inputs.map((input) => input.name).filter(Boolean));
      }
    }
  });

  it('says what went wrong in words, with the contract and the named arguments', () => {
    const data = encodeErrorResult({ abi: withdrawalQueueAbi, errorName: 'WithdrawalQueue_InvalidFinalizationRange', args: [3n, 2n] });
    const error = decodeTributaryError(new ContractFunctionExecutionError(new ContractFunctionRevertedError({ abi: withdrawalQueueAbi, data, functionName: 'finalize' }), { abi: withdrawalQueueAbi, functionName: 'finalize', args: [] }), 'hub');
    expect(error).toMatchObject({ contract: 'WithdrawalQueue', named: { upToRequestId: 3n, lastRequestId: 2n } });
    expect((error as Error).message).toMatch(/^The WithdrawalQueue contract on hub refused the call: invalid finalization range \(upToRequestId 3, lastRequestId 2\)/);
  });

  it('gives the sentences a staker can act on', () => {
    const error = decodeTributaryError(revert(withdrawalQueueAbi, 'WithdrawalQueue_AmountTooSmall', [10n ** 14n, 10n ** 15n]), 'hub');
    expect((error as Error).message).toBe('A withdrawal request must be worth at least 0.001 ETH; this one is worth 0.0001 ETH.');
    expect((decodeTributaryError(revert(spokePoolAbi, 'SpokePool_StaleRate', [90_000n, 86_400n]), 'Alpha L2') as Error).message).toMatch(
      /^The exchange rate on Alpha L2 is stale: it was last updated 1 d 1 h ago, and deposits need one newer than 1 d\./,
    );
  });
});
