import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useRef, useState } from 'react';
import type { Address, Hex } from 'viem';
import { useConfig } from 'wagmi';
import { getAccount } from 'wagmi/actions';
import { chains } from '@tributary/config';
import {
  type ContractRequest,
  type Withdrawal,
  explainMinedRevert,
  getWithdrawalTermsQueryOptions,
  getWithdrawalsOfQueryOptions,
  parseClaimWithdrawalReceipt,
  parseRequestWithdrawalReceipt,
  prepareClaimWithdrawal,
  prepareRequestWithdrawal,
  prepareWithdrawalApproval,
} from '@tributary/sdk';
import { type UserError, describeError } from './errors';
import { useManifest } from './hooks';
import { hubRefOf, useSdkQuery } from './sdk';
import { clientOf, connectedAccount, ensureWalletOn, sendRequest, waitForReceipt } from './tx';

const hubId = chains.hub.chainId;
const hubLabel = chains.hub.label;

/**
 * The owner's withdrawal requests, newest first: those they hold and those they claimed, with the
 * SDK's status (`pending`, `claimable`, `claimed`). Refreshes on hub blocks.
 */
export function useWithdrawals(owner: Address | undefined) {
  const hub = hubRefOf(useManifest());
  const query = useSdkQuery('hub', (client) => getWithdrawalsOfQueryOptions(client, { hub, owner: owner ?? '0x', includeClaimed: true }), owner !== undefined);
  return { ...query, data: query.data ? [...query.data].reverse() : undefined };
}

/** The bounds, rate and pause state a request is checked against (the SDK's `getWithdrawalTerms`). */
export function useWithdrawalTerms() {
  const hub = hubRefOf(useManifest());
  return useSdkQuery('hub', (client) => getWithdrawalTermsQueryOptions(client, { hub }));
}

export type { Withdrawal };

export type WithdrawAction =
  | { step: 'idle' }
  | { step: 'switching' | 'approving' | 'confirming' | 'pending'; kind: 'request' | 'claim'; hash?: Hex }
  | { step: 'done'; kind: 'request'; hash: Hex; id: bigint; shares: bigint }
  | { step: 'done'; kind: 'claim'; hash: Hex; id: bigint; eth: bigint }
  | { step: 'failed'; kind: 'request' | 'claim'; error: UserError; hash?: Hex };

/** Requests (approve + requestWithdrawal) and claims through the SDK's prepare/parse actions, on the hub, switching the wallet there first. */
export function useWithdrawActions() {
  const config = useConfig();
  const hub = hubRefOf(useManifest());
  const queryClient = useQueryClient();
  const [action, setAction] = useState<WithdrawAction>({ step: 'idle' });
  const busy = useRef(false);

  const run = useCallback(
    async (kind: 'request' | 'claim', body: (account: Address, track: (hash: Hex) => void) => Promise<WithdrawAction>) => {
      if (busy.current) return;
      busy.current = true;
      let hash: Hex | undefined;
      try {
        if (getAccount(config).chainId !== hubId) setAction({ step: 'switching', kind });
        await ensureWalletOn(config, hubId);
        setAction({ step: 'confirming', kind });
        setAction(await body(connectedAccount(config), (sent) => (hash = sent)));
        void queryClient.invalidateQueries();
      } catch (error) {
        setAction({ step: 'failed', kind, error: describeError(error, { chainLabel: hubLabel }), ...(hash ? { hash } : {}) });
      } finally {
        busy.current = false;
      }
    },
    [config, queryClient],
  );

  /** Sends a prepared request and waits for it; a mined revert is named by the SDK. */
  const confirm = useCallback(
    async (request: ContractRequest, onSent?: (hash: Hex) => void) => {
      const hash = await sendRequest(config, request);
      onSent?.(hash);
      const receipt = await waitForReceipt(config, hubId, hash);
      if (receipt.status !== 'success') throw await explainMinedRevert(clientOf(config, hubId), hub, request, receipt);
      return { hash, receipt };
    },
    [config, hub],
  );

  const request = useCallback(
    (shares: bigint) =>
      run('request', async (account, track) => {
        const client = clientOf(config, hubId);
        const approval = await prepareWithdrawalApproval(client, { hub, shares, account });
        if (approval) {
          setAction({ step: 'approving', kind: 'request' });
          await confirm(approval);
          setAction({ step: 'confirming', kind: 'request' });
        }
        const { hash, receipt } = await confirm(await prepareRequestWithdrawal(client, { hub, shares, account }), (sent) => {
          track(sent);
          setAction({ step: 'pending', kind: 'request', hash: sent });
        });
        return { step: 'done', kind: 'request', hash, id: parseRequestWithdrawalReceipt(receipt, { hub }).requestId, shares };
      }),
    [config, run, confirm, hub],
  );

  const claim = useCallback(
    (id: bigint) =>
      run('claim', async (account, track) => {
        const { hash, receipt } = await confirm(await prepareClaimWithdrawal(clientOf(config, hubId), { hub, requestId: id, account }), (sent) => {
          track(sent);
          setAction({ step: 'pending', kind: 'claim', hash: sent });
        });
        return { step: 'done', kind: 'claim', hash, id, eth: parseClaimWithdrawalReceipt(receipt, { hub }).eth };
      }),
    [config, run, confirm, hub],
  );

  const reset = useCallback(() => setAction({ step: 'idle' }), []);
  return { action, request, claim, reset };
}
