import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useRef, useState } from 'react';
import { type Address, type Hex, erc20Abi, parseEventLogs } from 'viem';
import { getContractEvents, readContract } from 'viem/actions';
import { useConfig } from 'wagmi';
import { getAccount } from 'wagmi/actions';
import { chains } from '@tributary/config';
import { withdrawalQueueAbi } from '@tributary/contracts/abis';
import { withdrawalRequestIdsOf } from '@tributary/sdk';
import { type UserError, describeError } from './errors';
import { useManifest, useRefreshOnBlock } from './hooks';
import { clientOf, ensureWalletOn, sendContractCall, waitForReceipt } from './tx';

const hubId = chains.hub.chainId;
const hubLabel = chains.hub.label;
const WAD = 10n ** 18n;

export type WithdrawalStatus = 'pending' | 'finalized' | 'claimed';

export interface Withdrawal {
  id: bigint;
  shares: bigint;
  /** ETH the shares were worth when requested; the payout is the lower of that and the finalization value. */
  ethAtRequest: bigint;
  /** ETH locked for it at finalization (0 while pending). */
  ethFinalized: bigint;
  status: WithdrawalStatus;
}

/** Status from the queue's FIFO cursor: everything up to `lastFinalizedRequestId` is finalized. */
export function withdrawalStatus(id: bigint, lastFinalized: bigint, claimed: boolean): WithdrawalStatus {
  if (claimed) return 'claimed';
  return id <= lastFinalized ? 'finalized' : 'pending';
}

/**
 * The owner's withdrawal requests, newest first: the NFTs they hold (pending and finalized, from the
 * queue's Transfer logs: it keeps no per-owner list) and those they claimed (burned on claim, found
 * by `WithdrawalClaimed`). Refreshes on hub blocks.
 */
export function useWithdrawals(owner: Address | undefined) {
  const config = useConfig();
  const queue = useManifest().chains.hub.contracts.WithdrawalQueue;
  const queryKey = ['withdrawals', queue, owner] as const;
  const query = useQuery({
    queryKey,
    enabled: owner !== undefined,
    queryFn: async (): Promise<Withdrawal[]> => {
      const client = clientOf(config, hubId);
      // Every read at one block, so the held list, the claims and the cursor agree.
      const { ids: held, blockNumber } = await withdrawalRequestIdsOf(client, { queue, owner: owner! });
      const [claimedLogs, lastFinalized] = await Promise.all([
        getContractEvents(client, { address: queue, abi: withdrawalQueueAbi, eventName: 'WithdrawalClaimed', args: { owner: owner! }, fromBlock: 0n, toBlock: blockNumber }),
        readContract(client, { address: queue, abi: withdrawalQueueAbi, functionName: 'lastFinalizedRequestId', blockNumber }),
      ]);
      const ids = [...new Set([...held, ...claimedLogs.map((log) => log.args.requestId!)])].sort((a, b) => (a > b ? -1 : 1));
      const requests = await Promise.all(ids.map((id) => readContract(client, { address: queue, abi: withdrawalQueueAbi, functionName: 'getRequest', args: [id], blockNumber })));
      return ids.map((id, index) => {
        const request = requests[index]!;
        return {
          id,
          shares: request.shares,
          ethAtRequest: (request.shares * request.rateAtRequest) / WAD,
          ethFinalized: request.ethFinalized,
          status: withdrawalStatus(id, lastFinalized, request.claimed),
        };
      });
    },
  });
  useRefreshOnBlock(hubId, [queryKey]);
  return query;
}

export type WithdrawAction =
  | { step: 'idle' }
  | { step: 'switching' | 'approving' | 'confirming' | 'pending'; kind: 'request' | 'claim'; hash?: Hex }
  | { step: 'done'; kind: 'request'; hash: Hex; id: bigint; shares: bigint }
  | { step: 'done'; kind: 'claim'; hash: Hex; id: bigint; eth: bigint }
  | { step: 'failed'; kind: 'request' | 'claim'; error: UserError; hash?: Hex };

/** Requests (approve + requestWithdrawal) and claims, on the hub, switching the wallet there first. */
export function useWithdrawActions() {
  const config = useConfig();
  const manifest = useManifest();
  const queryClient = useQueryClient();
  const [action, setAction] = useState<WithdrawAction>({ step: 'idle' });
  const busy = useRef(false);
  const { TrETH: token, WithdrawalQueue: queue } = manifest.chains.hub.contracts;

  const run = useCallback(
    async (kind: 'request' | 'claim', body: (account: Address, track: (hash: Hex) => void) => Promise<WithdrawAction>) => {
      if (busy.current) return;
      busy.current = true;
      let hash: Hex | undefined;
      try {
        if (getAccount(config).chainId !== hubId) setAction({ step: 'switching', kind });
        await ensureWalletOn(config, hubId);
        setAction({ step: 'confirming', kind });
        const account = getAccount(config).address;
        if (!account) throw new Error('Connect a wallet first.');
        setAction(await body(account, (sent) => (hash = sent)));
        void queryClient.invalidateQueries();
      } catch (error) {
        setAction({ step: 'failed', kind, error: describeError(error, { chainLabel: hubLabel }), ...(hash ? { hash } : {}) });
      } finally {
        busy.current = false;
      }
    },
    [config, queryClient],
  );

  const request = useCallback(
    (shares: bigint) =>
      run('request', async (account, track) => {
        const client = clientOf(config, hubId);
        const allowance = await readContract(client, { address: token, abi: erc20Abi, functionName: 'allowance', args: [account, queue] });
        if (allowance < shares) {
          setAction({ step: 'approving', kind: 'request' });
          const approval = await waitForReceipt(config, hubId, await sendContractCall(config, hubId, { address: token, abi: erc20Abi, functionName: 'approve', args: [queue, shares], account }));
          if (approval.status !== 'success') throw new Error('The approval reverted on the hub.');
          setAction({ step: 'confirming', kind: 'request' });
        }
        const hash = await sendContractCall(config, hubId, { address: queue, abi: withdrawalQueueAbi, functionName: 'requestWithdrawal', args: [shares, account], account });
        track(hash);
        setAction({ step: 'pending', kind: 'request', hash });
        const receipt = await waitForReceipt(config, hubId, hash);
        if (receipt.status !== 'success') throw new Error('The request reverted on the hub; your trETH did not move.');
        const [requested] = parseEventLogs({ abi: withdrawalQueueAbi, eventName: 'WithdrawalRequested', logs: receipt.logs });
        // The queue locks whole 1e9-wei units; the event says what it took (the rest stays in the wallet).
        return { step: 'done', kind: 'request', hash, id: requested?.args.requestId ?? 0n, shares: requested?.args.shares ?? shares };
      }),
    [config, run, token, queue],
  );

  const claim = useCallback(
    (id: bigint) =>
      run('claim', async (account, track) => {
        const hash = await sendContractCall(config, hubId, { address: queue, abi: withdrawalQueueAbi, functionName: 'claim', args: [id], account });
        track(hash);
        setAction({ step: 'pending', kind: 'claim', hash });
        const receipt = await waitForReceipt(config, hubId, hash);
        if (receipt.status !== 'success') throw new Error('The claim reverted on the hub.');
        const [claimed] = parseEventLogs({ abi: withdrawalQueueAbi, eventName: 'WithdrawalClaimed', logs: receipt.logs });
        return { step: 'done', kind: 'claim', hash, id, eth: claimed?.args.eth ?? 0n };
      }),
    [config, run, queue],
  );

  const reset = useCallback(() => setAction({ step: 'idle' }), []);
  return { action, request, claim, reset };
}
