'use client';

import { type Notice, NoticeList } from './NoticeList';
import { useState } from 'react';
import { useAccount } from 'wagmi';
import { type ChainName, chainByChainId, chains } from '@tributary/config';
import { parseAmount } from '@/lib/amount';
import { describeError } from '@/lib/errors';
import { formatAmount } from '@/lib/format';
import { useDebounced } from '@/lib/hooks';
import { type BridgeStatus, type BridgeTransfer, useBridge } from '@/lib/useBridge';
import { useBridgeTerms } from '@/lib/useBridgeTerms';
import { Amount } from './Amount';
import { AmountField } from './AmountField';
import { ChainPicker } from './ChainPicker';
import { type Step, Steps, TxHash } from './Steps';

interface BridgeFormProps {
  from: ChainName;
  to: ChainName;
  onRouteChange: (from: ChainName, to: ChainName) => void;
}

/** Sends trETH from one chain to another over LayerZero and follows it until it arrives. */
export function BridgeForm({ from, to, onRouteChange }: BridgeFormProps) {
  const account = useAccount();
  const [input, setInput] = useState('');
  const parsed = parseAmount(input);
  const amount = parsed.kind === 'ok' ? parsed.wei : undefined;
  const settledInput = useDebounced(input, 250);
  const settled = parseAmount(settledInput);
  const quotedAmount = settled.kind === 'ok' && settled.wei === amount ? settled.wei : undefined;
  const terms = useBridgeTerms(from, to, account.address, quotedAmount);
  const { transfer, bridge, reset } = useBridge();

  const src = chains[from];
  const dst = chains[to];
  const busy = transfer !== undefined && !['delivered', 'parked', 'failed'].includes(transfer.status);
  const insufficient = amount !== undefined && terms.balance !== undefined && amount > terms.balance;
  const overLimit = amount !== undefined && terms.capacity !== undefined && amount > terms.capacity;
  const noFeeMoney = terms.nativeFee !== undefined && terms.ethBalance !== undefined && terms.nativeFee > terms.ethBalance;
  // The OFT carries whole dust units only: less than one arrives as nothing.
  const dustOnly = amount !== undefined && terms.dustUnit !== undefined && amount < terms.dustUnit;
  const quoteProblem = terms.quoteError ? describeError(terms.quoteError, { chainLabel: src.label }) : undefined;
  const termsProblem = terms.termsError ? describeError(terms.termsError, { chainLabel: src.label }) : undefined;
  const quoteReady = amount !== undefined && quotedAmount === amount && terms.nativeFee !== undefined && terms.received !== undefined;
  const wrongNetwork = account.isConnected && account.chainId !== src.chainId;
  const walletChain = account.chainId === undefined ? undefined : chainByChainId(account.chainId);

  let blocker: string | undefined;
  if (!account.isConnected) blocker = 'Connect a wallet to bridge';
  else if (busy) blocker = 'Bridging…';
  else if (parsed.kind === 'empty') blocker = 'Enter an amount';
  else if (parsed.kind === 'invalid') blocker = 'Enter a valid amount';
  else if (dustOnly) blocker = 'Amount too small to bridge';
  else if (insufficient) blocker = `Not enough trETH on ${src.label}`;
  else if (overLimit) blocker = `Over the bridge limit to ${dst.label}`;
  else if (noFeeMoney) blocker = `Not enough ETH on ${src.label} for the fee`;
  else if (quoteProblem) blocker = 'Cannot quote this transfer';
  else if (!quoteReady) blocker = 'Getting a quote…';
  const action = wrongNetwork ? `Switch to ${src.label} and bridge` : from === 'hub' ? 'Approve and bridge' : 'Bridge';

  const onSubmit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (blocker || !account.address || amount === undefined || terms.received === undefined) return;
    await bridge({ from, to, amount, owner: account.address });
  };

  const pick = (nextFrom: ChainName, nextTo: ChainName) => {
    if (!busy) reset();
    onRouteChange(nextFrom, nextTo);
  };

  const notices: Notice[] = [];
  if (wrongNetwork) {
    notices.push({ key: 'network', tone: 'warn', text: `Your wallet is on ${walletChain?.label ?? `chain id ${account.chainId}`}. Bridging from ${src.label} switches it to ${src.label} first.` });
  }
  if (overLimit && terms.capacity !== undefined) {
    notices.push({
      key: 'limit',
      tone: 'error',
      text: `The bridge from ${src.label} to ${dst.label} lets at most ${formatAmount(terms.capacity, 6)} trETH through right now (a safety limit per destination that refills over time). Send less, or wait.`,
    });
  }
  if (noFeeMoney && terms.nativeFee !== undefined) notices.push({ key: 'fee', tone: 'error', text: `The LayerZero fee is ${formatAmount(terms.nativeFee, 8)} ETH, more than the ETH you have on ${src.label}.` });
  const problem = quoteProblem?.message ?? termsProblem?.message;
  if (problem) notices.push({ key: 'other', tone: 'error', text: problem });

  return (
    <section className="card stake" aria-labelledby="bridge-heading">
      <h2 id="bridge-heading">Bridge trETH</h2>
      <form onSubmit={onSubmit} noValidate>
        <ChainPicker legend="From" name="from" value={from} walletChainId={account.chainId} onChange={(name) => pick(name, name === to ? from : to)} />
        <ChainPicker legend="To" name="to" value={to} excluded={from} onChange={(name) => pick(from, name)} />

        <AmountField
          label="Amount (trETH)"
          value={input}
          onChange={(value) => {
            setInput(value);
            if (!busy) reset();
          }}
          {...(account.isConnected
            ? { balance: { label: `On ${src.label}`, wei: terms.balance, unit: 'trETH', testId: 'bridge-balance', onMax: () => terms.balance !== undefined && setInput(formatAmount(terms.balance, 6).replace(/,/g, '')) } }
            : {})}
          invalid={parsed.kind === 'invalid' || insufficient || overLimit}
          hint={
            parsed.kind === 'invalid'
              ? parsed.message.replace('ETH', 'trETH')
              : insufficient && terms.balance !== undefined
                ? `You have ${formatAmount(terms.balance, 6)} trETH on ${src.label}.`
                : `Sent over LayerZero to the same address on ${dst.label}.`
          }
        />

        <section className="quote" aria-labelledby="bridge-quote-heading" aria-busy={terms.quoting}>
          <h3 id="bridge-quote-heading">Transfer</h3>
          <dl>
            <div className="quote-row primary">
              <dt>You receive on {dst.label}</dt>
              <dd data-testid="bridge-receive">{quoteReady && terms.received !== undefined ? <Amount wei={terms.received} unit="trETH" /> : terms.quoting ? 'Quoting…' : '—'}</dd>
            </div>
            <div className="quote-row">
              <dt>LayerZero fee</dt>
              <dd data-testid="bridge-fee">{quoteReady && terms.nativeFee !== undefined ? <Amount wei={terms.nativeFee} unit="ETH" decimals={8} /> : '—'}</dd>
            </div>
            <div className="quote-row">
              <dt>Bridge limit to {dst.label}</dt>
              <dd data-testid="bridge-capacity">{terms.capacity !== undefined ? <Amount wei={terms.capacity} unit="trETH" decimals={2} /> : '…'}</dd>
            </div>
            <div className="quote-row">
              <dt>Route</dt>
              <dd>{from === 'hub' ? 'Hub lockbox (approve, then send)' : to === 'hub' ? 'Burn here, released from the hub lockbox' : 'Burn here, mint there (OFT)'}</dd>
            </div>
          </dl>
        </section>

        <NoticeList notices={notices} />

        <button type="submit" className="primary-action" disabled={blocker !== undefined}>
          {blocker ?? action}
        </button>
      </form>
      <BridgeProgress transfer={transfer} />
    </section>
  );
}

/** How far a transfer got: each step below is done once this passes its index. */
const reachedIndex: Record<Exclude<BridgeStatus, 'failed'>, number> = { switching: 0, approving: 1, confirming: 2, sending: 2, sent: 3, verified: 4, parked: 4, delivered: 5 };

function BridgeProgress({ transfer }: { transfer: BridgeTransfer | undefined }) {
  if (!transfer) return <div role="status" aria-live="polite" className="progress-empty" />;
  const src = chains[transfer.from].label;
  const dst = chains[transfer.to].label;
  const failed = transfer.status === 'failed';
  const reached = reachedIndex[transfer.status === 'failed' ? (transfer.failedAt ?? 'confirming') : transfer.status];
  const stateOf = (index: number): Step['state'] => (reached > index ? 'done' : reached === index ? (failed ? 'failed' : 'current') : 'upcoming');
  const tx = (hash: string | undefined) => (hash ? { tx: hash } : {});
  const steps: Step[] = [];
  if (transfer.switched || transfer.failedAt === 'switching' || transfer.status === 'switching') steps.push({ key: 'switch', text: `Switch wallet to ${src}`, state: stateOf(0) });
  if (transfer.approved) steps.push({ key: 'approve', text: 'Allow the hub lockbox to take the trETH', state: stateOf(1), ...tx(transfer.approveHash) });
  steps.push({ key: 'sent', text: transfer.status === 'confirming' ? 'Confirm the send in your wallet' : `Sent on ${src}`, state: stateOf(2), ...tx(transfer.sendHash) });
  steps.push({ key: 'verified', text: `Verified on ${dst}`, state: stateOf(3), ...tx(transfer.verifiedHash) });
  steps.push({ key: 'delivered', text: `Delivered on ${dst}`, state: stateOf(4), ...tx(transfer.deliveredHash) });
  return (
    <div role="status" aria-live="polite" className="progress" data-testid="bridge-progress">
      <Steps steps={steps} testId="bridge-step" />
      {transfer.guid ? <TxHash hash={transfer.guid} label="LayerZero message" /> : null}
      {transfer.status === 'parked' && transfer.parked ? <ParkedNotice transfer={transfer} parked={transfer.parked} dst={dst} /> : null}
      {transfer.status === 'delivered' && transfer.received !== undefined ? (
        <p className="notice success" data-testid="bridge-success">
          <Amount wei={transfer.received} unit="trETH" /> arrived on {dst}.
        </p>
      ) : null}
      {failed && transfer.error ? (
        <p role="alert" className="notice error" data-testid="bridge-error">
          <strong>{transfer.sendHash ? 'Stopped following the transfer.' : 'Not sent.'}</strong> {transfer.error.message}
        </p>
      ) : null}
    </div>
  );
}

/** Why a delivered transfer has not arrived yet, and when it will. */
function ParkedNotice({ transfer, parked, dst }: { transfer: BridgeTransfer; parked: NonNullable<BridgeTransfer['parked']>; dst: string }) {
  const when = (seconds: bigint) => new Date(Number(seconds) * 1000).toLocaleString();
  let arrival: string;
  if (parked.releasesPaused) arrival = 'Payouts are paused by the guardian; it stays parked, nothing is lost, until the timelock lifts the pause.';
  else if (parked.releasableAt === undefined || parked.arrivesInFullAt === undefined) arrival = `${dst} has no inbound limit for this route yet; it stays parked until one is set.`;
  else if (parked.arrivesInFullAt === parked.releasableAt) arrival = `It can be released from ${when(parked.releasableAt)}; the relayer releases it then, or anyone can.`;
  else arrival = `It is paid in installments of the limit: the next from ${when(parked.releasableAt)}, the last from ${when(parked.arrivesInFullAt)}; the relayer releases each, or anyone can.`;
  return (
    <p className="notice" data-testid="bridge-parked">
      <strong>Parked on {dst}:</strong> the transfer is over {dst}'s inbound limit for this route, so it is held before it is paid
      {parked.paid > 0n ? (
        <>
          {' '}(<Amount wei={parked.paid} unit="trETH" /> of <Amount wei={transfer.amount} unit="trETH" /> paid so far)
        </>
      ) : null}
      . {arrival}
    </p>
  );
}
