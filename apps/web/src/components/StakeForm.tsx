'use client';

import { type Notice, NoticeList } from './NoticeList';
import { useState } from 'react';
import { parseEther } from 'viem';
import { useAccount, useBalance } from 'wagmi';
import { type ChainName, chainByChainId, chains } from '@tributary/config';
import { parseAmount } from '@/lib/amount';
import { describeError } from '@/lib/errors';
import { formatDuration, inverseRate } from '@tributary/sdk';
import { formatAmount, formatBps, formatRate } from '@/lib/format';
import { useDebounced, useRefreshOnBlock } from '@/lib/hooks';
import { type StakePhase, useStake } from '@/lib/useStake';
import { SLIPPAGE_BPS, useStakeTerms } from '@/lib/useStakeTerms';
import { Amount } from './Amount';
import { AmountField } from './AmountField';
import { ChainPicker } from './ChainPicker';
import { type Step, Steps, TxHash } from './Steps';

/** "Max" leaves this much ETH for the network fee. */
const GAS_RESERVE = parseEther('0.01');

export function StakeForm({ chain, onChainChange }: { chain: ChainName; onChainChange: (name: ChainName) => void }) {
  const account = useAccount();
  const chainInfo = chains[chain];
  const [input, setInput] = useState('');
  const parsed = parseAmount(input);
  const amount = parsed.kind === 'ok' ? parsed.wei : undefined;
  const settledInput = useDebounced(input, 250);
  const settled = parseAmount(settledInput);
  const quotedAmount = settled.kind === 'ok' && settled.wei === amount ? settled.wei : undefined;

  const terms = useStakeTerms(chain, quotedAmount);
  const balance = useBalance({ address: account.address, chainId: chainInfo.chainId });
  useRefreshOnBlock(chainInfo.chainId, [balance.queryKey]);
  const { phase, stake, reset } = useStake();

  // Age and staleness by chain time, as the pool judges them (the SDK's getRate).
  const rate = terms.rate;
  const rateAge = rate && rate.role === 'spoke' && rate.updatedAt > 0n ? rate.age : undefined;
  const noRate = chainInfo.role === 'spoke' && rate?.rate === 0n;
  const quoteProblem = terms.quoteError ? describeError(terms.quoteError, { chainLabel: chainInfo.label }) : undefined;
  const termsProblem = terms.termsError ? describeError(terms.termsError, { chainLabel: chainInfo.label }) : undefined;
  const stale = (rate?.stale === true && !noRate) || quoteProblem?.kind === 'stale-rate';
  const insufficient = amount !== undefined && balance.data !== undefined && amount > balance.data.value;
  const wrongNetwork = account.isConnected && account.chainId !== chainInfo.chainId;
  const walletChain = account.chainId === undefined ? undefined : chainByChainId(account.chainId);
  const busy = phase.step === 'switching' || phase.step === 'confirming' || phase.step === 'pending';
  const quote = terms.quote;
  const quoteReady = amount !== undefined && quotedAmount === amount && quote !== undefined && quote.assets === amount;

  let blocker: string | undefined;
  if (!account.isConnected) blocker = 'Connect a wallet to stake';
  else if (busy) blocker = 'Staking…';
  else if (parsed.kind === 'empty') blocker = 'Enter an amount';
  else if (parsed.kind === 'invalid') blocker = 'Enter a valid amount';
  else if (terms.paused) blocker = 'Deposits are paused';
  else if (noRate) blocker = 'Waiting for a rate';
  else if (stale) blocker = 'Rate is stale';
  else if (insufficient) blocker = `Not enough ETH on ${chainInfo.label}`;
  else if (quoteProblem) blocker = 'Cannot quote this deposit';
  else if (!quoteReady) blocker = 'Getting a quote…';
  const action = wrongNetwork ? `Switch to ${chainInfo.label} and stake` : 'Stake';

  const onSubmit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (blocker || !account.address || amount === undefined || quote === undefined) return;
    await stake({ chain, assets: amount, minShares: quote.minShares, receiver: account.address });
  };

  const onMax = () => {
    if (!balance.data) return;
    const max = balance.data.value > GAS_RESERVE ? balance.data.value - GAS_RESERVE : 0n;
    setInput(formatAmount(max, 6).replace(/,/g, ''));
  };

  return (
    <section className="card stake" aria-labelledby="stake-heading">
      <h2 id="stake-heading">Stake ETH</h2>
      <form onSubmit={onSubmit} noValidate>
        <ChainPicker
          value={chain}
          walletChainId={account.chainId}
          onChange={(name) => {
            if (!busy) reset();
            onChainChange(name);
          }}
        />

        <AmountField
          label="Amount (ETH)"
          value={input}
          onChange={(value) => {
            setInput(value);
            if (phase.step === 'done' || phase.step === 'failed') reset();
          }}
          {...(account.isConnected ? { balance: { label: 'Balance', wei: balance.data?.value, unit: 'ETH', testId: 'eth-balance', onMax } } : {})}
          invalid={parsed.kind === 'invalid' || insufficient}
          hint={
            parsed.kind === 'invalid'
              ? parsed.message
              : insufficient && balance.data
                ? `You have ${formatAmount(balance.data.value, 6)} ETH on ${chainInfo.label}.`
                : `Staked on ${chainInfo.label}; trETH is minted to your address at once.`
          }
        />

        <section className="quote" aria-labelledby="quote-heading" aria-busy={terms.quoting}>
          <h3 id="quote-heading">You get</h3>
          <dl>
            <div className="quote-row primary">
              <dt>trETH out</dt>
              <dd data-testid="quote-shares" aria-live="polite">
                {quote !== undefined && quoteReady ? <Amount wei={quote.shares} unit="trETH" /> : terms.quoting ? 'Quoting…' : '—'}
              </dd>
            </div>
            <div className="quote-row">
              <dt>Minimum received</dt>
              <dd>
                {quote !== undefined && quoteReady ? <Amount wei={quote.minShares} unit="trETH" /> : '—'}
                <span className="muted small"> ({formatBps(SLIPPAGE_BPS)} slippage)</span>
              </dd>
            </div>
            <div className="quote-row">
              <dt>Exchange rate</dt>
              <dd data-testid="quote-rate">
                {rate !== undefined && rate.rate > 0n ? (
                  <>
                    1 trETH = {formatRate(rate.rate)} ETH
                    <span className="muted small"> (1 ETH = {formatRate(inverseRate(rate.rate))} trETH)</span>
                  </>
                ) : noRate ? (
                  'No rate yet'
                ) : (
                  '…'
                )}
              </dd>
            </div>
            <div className="quote-row">
              <dt>Fee</dt>
              <dd data-testid="quote-fee">
                {chainInfo.role === 'hub' ? 'None on the hub' : formatBps(terms.feeBps)}
                {quote !== undefined && quote.fee > 0n && quoteReady ? (
                  <span className="muted small">
                    {' '}
                    (<Amount wei={quote.fee} unit="ETH" decimals={8} />)
                  </span>
                ) : null}
              </dd>
            </div>
            <div className="quote-row">
              <dt>Rate age</dt>
              <dd data-testid="quote-rate-age">
                {chainInfo.role === 'hub' ? (
                  'Live: the hub sets the rate'
                ) : rateAge !== undefined ? (
                  <>
                    <span className={stale ? 'badge bad' : 'badge good'}>{stale ? 'Stale' : 'Fresh'}</span> updated {formatDuration(rateAge)} ago
                    {rate?.maxAge !== undefined ? <span className="muted small"> (limit {formatDuration(rate.maxAge)})</span> : null}
                  </>
                ) : noRate ? (
                  'Never updated'
                ) : (
                  '…'
                )}
              </dd>
            </div>
          </dl>
        </section>

        <Notices
          chainLabel={chainInfo.label}
          paused={terms.paused}
          noRate={noRate}
          stale={stale}
          staleMessage={quoteProblem?.kind === 'stale-rate' ? quoteProblem.message : undefined}
          otherProblem={quoteProblem && quoteProblem.kind !== 'stale-rate' && quoteProblem.kind !== 'no-rate' ? quoteProblem.message : termsProblem?.message}
          wrongNetwork={wrongNetwork}
          walletChainLabel={walletChain?.label ?? (account.chainId === undefined ? undefined : `chain id ${account.chainId}`)}
        />

        {/* The button names what blocks it, so the reason is read wherever focus lands. */}
        <button type="submit" className="primary-action" disabled={blocker !== undefined}>
          {blocker ?? action}
        </button>
      </form>
      <Progress phase={phase} />
    </section>
  );
}

function Notices(props: {
  chainLabel: string;
  paused: boolean;
  noRate: boolean;
  stale: boolean;
  staleMessage: string | undefined;
  otherProblem: string | undefined;
  wrongNetwork: boolean;
  walletChainLabel: string | undefined;
}) {
  const notices: Notice[] = [];
  if (props.wrongNetwork) {
    notices.push({
      key: 'network',
      tone: 'warn',
      text: `Your wallet is on ${props.walletChainLabel ?? 'another network'}. Staking on ${props.chainLabel} switches it to ${props.chainLabel} first.`,
    });
  }
  if (props.paused) notices.push({ key: 'paused', tone: 'error', text: `Deposits on ${props.chainLabel} are paused by the operator. Try again later, or stake on another chain.` });
  if (props.noRate) notices.push({ key: 'norate', tone: 'error', text: `${props.chainLabel} has not received an exchange rate from the hub yet, so it cannot price a deposit.` });
  else if (props.stale) {
    notices.push({
      key: 'stale',
      tone: 'error',
      text: props.staleMessage ?? `The exchange rate on ${props.chainLabel} is older than the pool accepts. Deposits reopen as soon as the relayer delivers a fresh rate from the hub.`,
    });
  }
  if (props.otherProblem) notices.push({ key: 'other', tone: 'error', text: props.otherProblem });
  return <NoticeList notices={notices} />;
}

function Progress({ phase }: { phase: StakePhase }) {
  if (phase.step === 'idle') return <div role="status" aria-live="polite" className="progress-empty" />;
  const label = chains[phase.chain].label;
  if (phase.step === 'failed') {
    return (
      <div role="alert" className="notice error progress" data-testid="stake-error">
        <strong>Not staked.</strong> {phase.error.message}
        {phase.error.detail ? (
          <details>
            <summary>Details</summary>
            <code className="error-detail">{phase.error.detail}</code>
          </details>
        ) : null}
        {phase.hash ? <TxHash hash={phase.hash} /> : null}
      </div>
    );
  }
  const switching = phase.step === 'switching';
  const steps: Step[] = [];
  if (switching || ('switched' in phase && phase.switched)) {
    steps.push({ key: 'switch', text: `Switch wallet to ${label}`, state: switching ? 'current' : 'done' });
  }
  steps.push({ key: 'confirm', text: 'Confirm in your wallet', state: switching ? 'upcoming' : phase.step === 'confirming' ? 'current' : 'done' });
  steps.push({ key: 'mine', text: `Included in a block on ${label}`, state: phase.step === 'pending' ? 'current' : phase.step === 'done' ? 'done' : 'upcoming' });
  return (
    <div role="status" aria-live="polite" className="progress" data-testid="stake-progress">
      <Steps steps={steps} />
      {phase.step === 'done' ? (
        <p className="notice success" data-testid="stake-success">
          Staked <Amount wei={phase.assets} unit="ETH" /> on {label}: you received <Amount wei={phase.shares} unit="trETH" />.
        </p>
      ) : null}
      {'hash' in phase ? <TxHash hash={phase.hash} /> : null}
    </div>
  );
}
