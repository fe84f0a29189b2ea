import { describe, expect, it } from 'vitest';
import {
  BaseError,
  ContractFunctionExecutionError,
  ContractFunctionRevertedError,
  HttpRequestError,
  InsufficientFundsError,
  UserRejectedRequestError,
  encodeErrorResult,
} from 'viem';
import { spokePoolAbi, trETHAdapterAbi, withdrawalQueueAbi } from '@tributary/contracts/abis';
import { describeError } from './errors';

const context = { chainLabel: 'Alpha L2' };

/** A revert as viem reports it from simulateContract or readContract. */
function revert(data: `0x${string}`): ContractFunctionExecutionError {
  const cause = new ContractFunctionRevertedError({ abi: spokePoolAbi, data, functionName: 'deposit' });
  return new ContractFunctionExecutionError(cause, { abi: spokePoolAbi, functionName: 'deposit', args: [] });
}

describe('describeError', () => {
  it('explains a bridge refused by its outbound rate limit', () => {
    const cause = new ContractFunctionRevertedError({ abi: trETHAdapterAbi, data: encodeErrorResult({ abi: trETHAdapterAbi, errorName: 'RateLimitExceeded' }), functionName: 'send' });
    const described = describeError(new ContractFunctionExecutionError(cause, { abi: trETHAdapterAbi, functionName: 'send', args: [] }), context);
    expect(described).toMatchObject({ kind: 'bridge-limit' });
    expect(described.message).toContain('Alpha L2');
  });

  it('gives the withdrawal bounds in ETH', () => {
    const data = encodeErrorResult({ abi: withdrawalQueueAbi, errorName: 'WithdrawalQueue_AmountTooSmall', args: [5n * 10n ** 14n, 10n ** 15n] });
    const cause = new ContractFunctionRevertedError({ abi: withdrawalQueueAbi, data, functionName: 'requestWithdrawal' });
    const described = describeError(new ContractFunctionExecutionError(cause, { abi: withdrawalQueueAbi, functionName: 'requestWithdrawal', args: [] }), context);
    expect(described.kind).toBe('withdrawal-limit');
    expect(described.message).toContain('at least 0.001 ETH');
    expect(described.message).toContain('0.0005 ETH');
  });

  it('explains a stale rate with its age and the limit', () => {
    const error = revert(encodeErrorResult({ abi: spokePoolAbi, errorName: 'SpokePool_StaleRate', args: [7_200n, 3_600n] }));
    const described = describeError(error, context);
    expect(described.kind).toBe('stale-rate');
    expect(described.message).toContain('2 h');
    expect(described.message).toContain('1 h');
    expect(described.message).toContain('Alpha L2');
  });

  it('says a paused pool is paused', () => {
    const error = revert(encodeErrorResult({ abi: spokePoolAbi, errorName: 'SpokePool_Paused' }));
    expect(describeError(error, context)).toMatchObject({ kind: 'paused' });
  });

  it('says how much a capped pool can still mint', () => {
    const error = revert(encodeErrorResult({ abi: spokePoolAbi, errorName: 'SpokePool_MintCapExceeded', args: [10n ** 20n, 25n * 10n ** 17n] }));
    const described = describeError(error, context);
    expect(described.kind).toBe('cap');
    expect(described.message).toContain('at most 2.5 trETH');
    expect(described.message).toContain('Alpha L2');
  });

  it('tells a moved rate apart from other reverts', () => {
    const error = revert(encodeErrorResult({ abi: spokePoolAbi, errorName: 'SpokePool_InsufficientShares', args: [1n, 2n] }));
    expect(describeError(error, context)).toMatchObject({ kind: 'slippage' });
  });

  it('recognizes a wallet rejection however deep it is wrapped', () => {
    const rejection = new UserRejectedRequestError(new Error('User denied transaction signature.'));
    const wrapped = new BaseError('transaction failed', { cause: new BaseError('request failed', { cause: rejection }) });
    expect(describeError(wrapped, context)).toMatchObject({ kind: 'rejected' });
    expect(describeError({ code: 4001, message: 'denied' }, context)).toMatchObject({ kind: 'rejected' });
  });

  it('reports insufficient funds for the chain', () => {
    const error = new BaseError('send failed', { cause: new InsufficientFundsError() });
    expect(describeError(error, context)).toEqual({ kind: 'insufficient-funds', message: 'Not enough ETH on Alpha L2 for this amount plus the network fee.' });
  });

  it('points at the devnet when the node does not answer', () => {
    const error = new BaseError('read failed', { cause: new HttpRequestError({ url: 'http://127.0.0.1:8546' }) });
    expect(describeError(error, context).message).toBe('Cannot reach the Alpha L2 node at http://127.0.0.1:8546. Is the devnet running?');
  });
});
