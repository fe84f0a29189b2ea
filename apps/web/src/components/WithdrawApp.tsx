'use client';

import { DataTable } from './DataTable';
import { useState } from 'react';
import { formatEther } from 'viem';
import { useAccount } from 'wagmi';
import { chains } from '@tributary/config';
import { ethValue } from '@tributary/sdk';
import { parseAmount } from '@/lib/amount';
import { useTrEthBalance } from '@/lib/hooks';
import { describeError } from '@/lib/errors';
import { formatAmount, formatRate } from '@/lib/format';
import { type WithdrawAction, type Withdrawal, useWithdrawActions, useWithdrawalTerms, useWithdrawals } from '@/lib/useWithdrawals';
import { Amount } from './Amount';
import { AmountField } from './AmountField';
import { TxHash } from './Steps';
import { WalletPanel } from './WalletPanel';

const hub = chains.hub;

export function WithdrawApp() {
  return (
    <div className="layout">
      <div className="column">
        <WalletPanel chain="hub" />
        <WithdrawForm />
      </div>
      <div className="column">
        <Requests />
      </div>
    </div>
  );
}

function WithdrawForm() {
  const account = useAccount();
  const [input, setInput] = useState('');
  const parsed = parseAmount(input);
  const shares = parsed.kind === 'ok' ? parsed.wei : undefined;
  const { data: loaded } = useWithdrawalTerms();
  const { data: balance } = useTrEthBalance('hub', account.address);
  const terms = { balance, rate: loaded?.rate, min: loaded?.minEth, max: loaded?.maxEth, paused: loaded?.paused ?? false };
  const { action, request, reset } = useWithdrawActions();
  const worth = shares !== undefined && terms.rate !== undefined ? ethValue(shares, terms.rate) : undefined;
  const busy = action.step !== 'idle' && action.step !== 'done' && action.step !== 'failed';
  const insufficient = shares !== undefined && terms.balance !== undefined && shares > terms.balance;
  const tooSmall = worth !== undefined && terms.min !== undefined && worth < terms.min;
  const tooLarge = worth !== undefined && terms.max !== undefined && worth > terms.max;
  const wrongNetwork = account.isConnected && account.chainId !== hub.chainId;

  let blocker: string | undefined;
  if (!account.isConnected) blocker = 'Connect a wallet to withdraw';
  else if (busy) blocker = action.kind === 'claim' ? 'Claiming…' : 'Requesting…';
  else if (parsed.kind === 'empty') blocker = 'Enter an amount';
  else if (parsed.kind === 'invalid') blocker = 'Enter a valid amount';
  else if (terms.paused) blocker = 'Withdrawal requests are paused';
  else if (insufficient) blocker = 'Not enough trETH on the hub';
  else if (tooSmall) blocker = 'Below the minimum withdrawal';
  else if (tooLarge) blocker = 'Above the maximum withdrawal';
  else if (worth === undefined) blocker = 'Reading the rate…';
  const label = wrongNetwork ? `Switch to ${hub.label} and request` : 'Request withdrawal';

  return (
    <section className="card stake" aria-labelledby="withdraw-heading">
      <h2 id="withdraw-heading">Withdraw to ETH</h2>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (!blocker && shares !== undefined) void request(shares);
        }}
      >
        <AmountField
          label="Amount (trETH on the hub)"
          value={input}
          onChange={(value) => {
            setInput(value);
            if (!busy) reset();
          }}
          {...(account.isConnected
            ? { balance: { label: 'On the hub', wei: terms.balance, unit: 'trETH', testId: 'withdraw-balance', onMax: () => terms.balance !== undefined && setInput(formatEther(terms.balance)) } }
            : {})}
          invalid={parsed.kind === 'invalid' || insufficient || tooSmall || tooLarge}
          hint={
            parsed.kind === 'invalid'
              ? parsed.message.replace('ETH', 'trETH')
              : insufficient && terms.balance !== undefined
                ? `You have ${formatAmount(terms.balance, 6)} trETH on the hub. Bridge trETH from a spoke to the hub first.`
                : (tooSmall || tooLarge) && terms.min !== undefined && terms.max !== undefined
                  ? `A request must be worth between ${formatEther(terms.min)} and ${formatEther(terms.max)} ETH.`
                  : 'Your trETH is locked in the queue now; ETH is claimable once an oracle report finalizes the request.'
          }
        />
        <section className="quote" aria-labelledby="withdraw-quote-heading">
          <h3 id="withdraw-quote-heading">You get</h3>
          <dl>
            <div className="quote-row primary">
              <dt>ETH at today&apos;s rate</dt>
              <dd data-testid="withdraw-worth">{worth !== undefined ? <Amount wei={worth} unit="ETH" /> : '—'}</dd>
            </div>
            <div className="quote-row">
              <dt>Exchange rate</dt>
              <dd>{terms.rate !== undefined ? `1 trETH = ${formatRate(terms.rate)} ETH` : '…'}</dd>
            </div>
            <div className="quote-row">
              <dt>Payout rule</dt>
              <dd>The lower of the request-time and finalization-time rate</dd>
            </div>
          </dl>
        </section>
        {wrongNetwork ? (
          <p className="notice warn" role="status">
            Withdrawals happen on {hub.label}. Requesting switches your wallet there first.
          </p>
        ) : null}
        {terms.paused ? (
          <p className="notice error" role="alert">
            New withdrawal requests are paused by the operator. Finalized requests can still be claimed.
          </p>
        ) : null}
        <button type="submit" className="primary-action" disabled={blocker !== undefined}>
          {blocker ?? label}
        </button>
      </form>
      <ActionStatus action={action} />
    </section>
  );
}

function ActionStatus({ action }: { action: WithdrawAction }) {
  if (action.step === 'idle') return <div role="status" aria-live="polite" />;
  if (action.step === 'failed') {
    return (
      <div role="alert" className="notice error progress" data-testid="withdraw-error">
        <strong>{action.kind === 'claim' ? 'Not claimed.' : 'Not requested.'}</strong> {action.error.message}
        {action.hash ? <TxHash hash={action.hash} /> : null}
      </div>
    );
  }
  const words: Record<Exclude<WithdrawAction['step'], 'idle' | 'failed' | 'done'>, string> = {
    switching: `Switching your wallet to ${hub.label}…`,
    approving: 'Allow the withdrawal queue to take the trETH: confirm in your wallet…',
    confirming: 'Confirm in your wallet…',
    pending: 'Waiting for the block…',
  };
  return (
    <div role="status" aria-live="polite" className="progress" data-testid="withdraw-progress">
      {action.step === 'done' ? (
        <p className="notice success" data-testid="withdraw-success">
          {action.kind === 'request' ? (
            <>
              Requested withdrawal #{action.id.toString()} of <Amount wei={action.shares} unit="trETH" />.
            </>
          ) : (
            <>
              Claimed <Amount wei={action.eth} unit="ETH" /> from request #{action.id.toString()}.
            </>
          )}
        </p>
      ) : (
        <p>{words[action.step]}</p>
      )}
      {action.hash ? <TxHash hash={action.hash} /> : null}
    </div>
  );
}

const statusText: Record<Withdrawal['status'], string> = { pending: 'Pending', claimable: 'Ready to claim', claimed: 'Claimed' };

function Requests() {
  const account = useAccount();
  const { data: requests, error, isPending } = useWithdrawals(account.address);
  const { action, claim } = useWithdrawActions();
  const claiming = action.step !== 'idle' && action.step !== 'done' && action.step !== 'failed';
  return (
    <section className="card portfolio" aria-labelledby="requests-heading">
      <h2 id="requests-heading">Your withdrawals</h2>
      {!account.address ? (
        <p className="muted">Connect a wallet to see your withdrawal requests.</p>
      ) : error ? (
        <p className="notice error" role="alert">
          {describeError(error, { chainLabel: hub.label }).message}
        </p>
      ) : isPending || !requests ? (
        <p className="muted">Loading…</p>
      ) : requests.length === 0 ? (
        <p className="muted" data-testid="no-requests">
          No withdrawal requests yet.
        </p>
      ) : (
        <DataTable caption="Withdrawal requests, newest first" columns={['Request', 'trETH', 'ETH', 'Status']}>
          <tbody>
            {requests.map((request) => (
              <tr key={request.requestId.toString()} data-testid={`request-${request.requestId}`} data-status={request.status}>
                <th scope="row">#{request.requestId.toString()}</th>
                <td>
                  <Amount wei={request.shares} unit="trETH" decimals={4} />
                </td>
                <td data-testid={`request-${request.requestId}-eth`}>
                  <Amount wei={request.status === 'pending' ? request.ethAtRequest : request.ethFinalized} unit="ETH" decimals={4} />
                  {request.status === 'pending' ? <span className="muted small"> at most</span> : null}
                </td>
                <td>
                  {request.status === 'claimable' ? (
                    <button type="button" className="small-action" disabled={claiming} onClick={() => void claim(request.requestId)} aria-label={`Claim request ${request.requestId}`}>
                      Claim
                    </button>
                  ) : (
                    <span className={request.status === 'claimed' ? 'badge good' : 'badge'}>{statusText[request.status]}</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      )}
      <ActionStatus action={action} />
      <p className="muted small">Requests finalize in order, by oracle report, once the hub has the ETH for them.</p>
    </section>
  );
}
