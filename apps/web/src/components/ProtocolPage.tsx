'use client';

import { DataTable } from './DataTable';
import { chains, spokeNames } from '@tributary/config';
import { describeError } from '@/lib/errors';
import { formatDuration } from '@tributary/sdk';
import { formatBps, formatRate, shortHex } from '@/lib/format';
import { type RatePoint, aprBps, chartPath, shareBps } from '@/lib/protocol';
import { type ProtocolState, spokeTvl, useProtocol } from '@/lib/useProtocol';
import { Amount } from './Amount';

export function ProtocolPage() {
  const { data, error } = useProtocol();
  if (error) {
    return (
      <p className="notice error" role="alert">
        {describeError(error, { chainLabel: chains.hub.label }).message}
      </p>
    );
  }
  return (
    <div className="protocol" aria-busy={!data}>
      <Tvl data={data} />
      <RateHistory data={data} />
      <Backing data={data} />
      <Freshness data={data} />
      <Operators data={data} />
      <Reports data={data} />
    </div>
  );
}

type Props = { data: ProtocolState | undefined };

/** A placeholder of the final size, so nothing moves when the numbers arrive. */
const loading = <span className="muted">…</span>;

function Tvl({ data }: Props) {
  return (
    <section className="card" aria-labelledby="tvl-heading">
      <h2 id="tvl-heading">Total value locked</h2>
      <dl className="stats">
        <div>
          <dt>{chains.hub.label}: pooled ETH</dt>
          <dd data-testid="tvl-hub">{data ? <Amount wei={data.pooledEther} unit="ETH" decimals={4} /> : loading}</dd>
        </div>
        {spokeNames.map((name) => {
          const spoke = data?.spokes.find((entry) => entry.name === name);
          return (
            <div key={name}>
              <dt>{chains[name].label}: trETH × rate</dt>
              <dd data-testid={`tvl-${name}`}>{spoke ? <Amount wei={spokeTvl(spoke)} unit="ETH" decimals={4} /> : loading}</dd>
            </div>
          );
        })}
        <div>
          <dt>Rate on the hub</dt>
          <dd data-testid="hub-rate">{data ? `${formatRate(data.hubRate)} ETH` : loading}</dd>
        </div>
      </dl>
      <p className="muted small">Spoke trETH is backed by hub trETH in the lockbox, so the spokes&apos; value is part of the hub&apos;s pooled ETH, not added to it.</p>
    </section>
  );
}

const CHART_WIDTH = 600;
const CHART_HEIGHT = 160;

function RateHistory({ data }: Props) {
  const points: RatePoint[] = data?.reports ?? [];
  const apr = aprBps(points);
  const last = points[points.length - 1];
  return (
    <section className="card" aria-labelledby="rate-heading">
      <h2 id="rate-heading">Rate history</h2>
      <dl className="stats">
        <div>
          <dt>APR (from {points.length} reports)</dt>
          <dd data-testid="apr" data-bps={apr}>
            {apr !== undefined ? formatBps(apr) : data ? 'Needs two reports' : loading}
          </dd>
        </div>
        <div>
          <dt>Latest reported rate</dt>
          <dd>{last ? `${formatRate(last.rate)} ETH` : data ? 'No report yet' : loading}</dd>
        </div>
      </dl>
      <figure className="chart">
        <svg viewBox={`-4 -4 ${CHART_WIDTH + 8} ${CHART_HEIGHT + 8}`} role="img" aria-labelledby="rate-chart-caption" data-testid="rate-chart" data-points={points.length} preserveAspectRatio="none">
          <line x1="0" y1={CHART_HEIGHT} x2={CHART_WIDTH} y2={CHART_HEIGHT} className="axis" />
          {points.length > 0 ? <path d={chartPath(points, CHART_WIDTH, CHART_HEIGHT)} className="line" vectorEffect="non-scaling-stroke" /> : null}
        </svg>
        <figcaption id="rate-chart-caption" className="muted small">
          ETH per trETH after each oracle report{points.length > 1 && points[0] && last ? `, from ${formatRate(points[0].rate)} to ${formatRate(last.rate)}` : ''}.
        </figcaption>
      </figure>
    </section>
  );
}

function Backing({ data }: Props) {
  return (
    <section className="card portfolio" aria-labelledby="backing-heading">
      <h2 id="backing-heading">Backing per spoke</h2>
      <DataTable caption="trETH supply on each spoke against what backs it on the hub" columns={['Spoke', 'Supply there', 'Backed in lockbox', 'Unbacked', 'ETH in transit']}>
        <tbody>
          {spokeNames.map((name) => {
            const spoke = data?.spokes.find((entry) => entry.name === name);
            return (
              <tr key={name} data-testid={`backing-${name}`}>
                <th scope="row">{chains[name].label}</th>
                <td data-testid={`backing-${name}-supply`}>{spoke ? <Amount wei={spoke.supply} unit="trETH" decimals={4} /> : loading}</td>
                <td data-testid={`backing-${name}-backed`}>{spoke ? <Amount wei={spoke.backedShares} unit="trETH" decimals={4} /> : loading}</td>
                <td>{spoke ? <Amount wei={spoke.unbackedShares} unit="trETH" decimals={4} /> : loading}</td>
                <td>{spoke ? <Amount wei={spoke.inTransit} unit="ETH" decimals={4} /> : loading}</td>
              </tr>
            );
          })}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">All spokes</th>
            <td>{data ? <Amount wei={data.spokes.reduce((sum, spoke) => sum + spoke.supply, 0n)} unit="trETH" decimals={4} /> : loading}</td>
            <td data-testid="lockbox-balance">{data ? <Amount wei={data.lockboxBalance} unit="trETH" decimals={4} /> : loading}</td>
            <td>{data ? <Amount wei={data.spokes.reduce((sum, spoke) => sum + spoke.unbackedShares, 0n)} unit="trETH" decimals={4} /> : loading}</td>
            <td>{data ? <Amount wei={data.totalInTransit} unit="ETH" decimals={4} /> : loading}</td>
          </tr>
        </tfoot>
      </DataTable>
      <p className="muted small">
        &quot;Backed&quot; is what each spoke&apos;s batches locked; the lockbox also holds trETH bridged from the hub. Spoke supply plus trETH in flight never exceeds the lockbox plus ETH in transit.
      </p>
    </section>
  );
}

function Freshness({ data }: Props) {
  return (
    <section className="card" aria-labelledby="fresh-heading">
      <h2 id="fresh-heading">Rate freshness per spoke</h2>
      <ul className="fresh-list">
        {spokeNames.map((name) => {
          const spoke = data?.spokes.find((entry) => entry.name === name);
          // By the spoke's chain time, as its pool judges it (the SDK's getRate).
          const age = spoke && spoke.rateUpdatedAt > 0n ? spoke.rateAge : undefined;
          const stale = spoke?.stale ?? false;
          return (
            <li key={name} data-testid={`fresh-${name}`}>
              <strong>{chains[name].label}</strong>{' '}
              {spoke ? (
                age !== undefined ? (
                  <>
                    <span className={stale ? 'badge bad' : 'badge good'}>{stale ? 'Stale' : 'Fresh'}</span> {formatRate(spoke.rate)} ETH, hub report {formatDuration(age)} ago
                    <span className="muted small"> (limit {formatDuration(spoke.maxRateAge)})</span>
                  </>
                ) : (
                  <span className="badge bad">No rate yet</span>
                )
              ) : (
                loading
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function Operators({ data }: Props) {
  return (
    <section className="card portfolio" aria-labelledby="operators-heading">
      <h2 id="operators-heading">Node operators</h2>
      <DataTable caption="Node operators and their share of deposited validators" columns={['Operator', 'Validators', 'Keys', 'Share']}>
        <tbody>
          {data
            ? data.operators.map((operator) => (
                <tr key={operator.id} data-testid="operator">
                  <th scope="row">
                    {operator.name}
                    {operator.active ? null : <span className="muted small"> (inactive)</span>}
                  </th>
                  <td data-testid="operator-validators">{operator.depositedKeys.toString()}</td>
                  <td>{operator.totalKeys.toString()}</td>
                  <td>{formatBps(shareBps(operator.depositedKeys, data.totalDepositedKeys))}</td>
                </tr>
              ))
            : null}
        </tbody>
      </DataTable>
    </section>
  );
}

function Reports({ data }: Props) {
  return (
    <section className="card portfolio" aria-labelledby="reports-heading">
      <h2 id="reports-heading">Recent oracle reports</h2>
      <DataTable caption="The latest oracle reports applied on the hub, newest first" columns={['Ref. slot', 'Rate after', 'Rewards', 'Losses', 'Transaction']}>
        <tbody>
          {data
            ? data.recentReports.map((report) => (
                <tr key={report.tx} data-testid="report" data-ref-slot={report.refSlot.toString()}>
                  <th scope="row">{report.refSlot.toString()}</th>
                  <td>{formatRate(report.rate)}</td>
                  <td>
                    <Amount wei={report.rewards} unit="ETH" decimals={6} />
                  </td>
                  <td>
                    <Amount wei={report.losses} unit="ETH" decimals={6} />
                  </td>
                  <td>
                    <code title={report.tx}>{shortHex(report.tx)}</code>
                  </td>
                </tr>
              ))
            : null}
        </tbody>
      </DataTable>
      {data && data.recentReports.length === 0 ? <p className="muted">No report applied yet.</p> : null}
    </section>
  );
}
