'use client';

import { DataTable } from './DataTable';
import type { Address } from 'viem';
import { useAccount } from 'wagmi';
import { type ChainName, chainNames, chains } from '@tributary/config';
import { ethValue, getRateQueryOptions } from '@tributary/sdk';
import { useTrEthBalance } from '@/lib/hooks';
import { useChainRef, useSdkQuery } from '@/lib/sdk';
import { Amount } from './Amount';

interface Holding {
  balance?: bigint;
  rate?: bigint;
  error: Error | null;
}

/** trETH and the rate it is valued at on one chain (the SDK's getRate), refreshed on each of that chain's blocks. */
function useHolding(name: ChainName, owner: Address | undefined): Holding {
  const chain = useChainRef(name);
  const balance = useTrEthBalance(name, owner);
  const rate = useSdkQuery(name, (client) => getRateQueryOptions(client, { chain }));
  return { balance: balance.data, rate: rate.data?.rate, error: balance.error ?? rate.error };
}

function worth({ balance, rate }: Holding): bigint | undefined {
  return balance !== undefined && rate !== undefined && rate > 0n ? ethValue(balance, rate) : undefined;
}

function HoldingRow({ name, holding, highlighted }: { name: ChainName; holding: Holding; highlighted: boolean }) {
  const value = worth(holding);
  return (
    <tr className={highlighted ? 'highlighted' : undefined}>
      <th scope="row">
        {chains[name].label}
        <span className="muted small"> {chains[name].role === 'hub' ? 'hub' : 'spoke'}</span>
      </th>
      <td data-testid={`balance-${name}`}>
        {holding.error ? <span className="error-text">unavailable</span> : holding.balance !== undefined ? <Amount wei={holding.balance} unit="trETH" /> : '…'}
      </td>
      <td data-testid={`worth-${name}`}>{value !== undefined ? <Amount wei={value} unit="ETH" decimals={4} /> : '—'}</td>
    </tr>
  );
}

/** The connected address's trETH on every chain: one supply, held wherever it was minted or sent. */
export function Portfolio({ selected }: { selected?: ChainName }) {
  const { address } = useAccount();
  // One hook per chain, always in the same order: the registry's chains are fixed for the page's life.
  const all = chainNames.map((name) => useHolding(name, address));
  const holdings = Object.fromEntries(chainNames.map((name, index) => [name, all[index]!])) as Record<ChainName, Holding>;
  const complete = all.every((holding) => holding.balance !== undefined && !holding.error);
  const totalShares = all.reduce((sum, holding) => sum + (holding.balance ?? 0n), 0n);
  const values = all.map(worth);
  const totalValue = values.every((value) => value !== undefined) ? values.reduce<bigint>((sum, value) => sum + (value ?? 0n), 0n) : undefined;
  return (
    <section className="card portfolio" aria-labelledby="portfolio-heading">
      <h2 id="portfolio-heading">Your trETH</h2>
      {address ? (
        <DataTable caption="trETH balance and its ETH value on each chain" columns={['Chain', 'Balance', 'Worth']}>
          <tbody>
            {chainNames.map((name) => (
              <HoldingRow key={name} name={name} holding={holdings[name]} highlighted={name === selected} />
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">All chains</th>
              <td data-testid="balance-total">{complete ? <Amount wei={totalShares} unit="trETH" /> : '…'}</td>
              <td data-testid="worth-total">{complete && totalValue !== undefined ? <Amount wei={totalValue} unit="ETH" decimals={4} /> : '—'}</td>
            </tr>
          </tfoot>
        </DataTable>
      ) : (
        <p className="muted">Connect a wallet to see your trETH on every chain.</p>
      )}
      <p className="muted small">Balances refresh with every new block. Worth uses each chain&apos;s rate.</p>
    </section>
  );
}
