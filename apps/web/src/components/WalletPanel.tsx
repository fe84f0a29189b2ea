'use client';

import { useId, useState } from 'react';
import { type Connector, useAccount, useConnect, useConnectors, useDisconnect } from 'wagmi';
import { type ChainName, chainByChainId, chains, devnetAccounts } from '@tributary/config';
import { devnetAccount } from '@/lib/devnetConnector';
import { describeError } from '@/lib/errors';
import { shortHex } from '@/lib/format';
import { useManifest } from '@/lib/hooks';
import { isLocalDevnet, userAccountIndexes } from '@/lib/wagmi';

/** Connect an EIP-6963 wallet or, on the devnet, a funded local account; then who and where you are. */
export function WalletPanel({ chain }: { chain: ChainName }) {
  const manifest = useManifest();
  const account = useAccount();
  const connectors = useConnectors();
  const { connect, isPending, variables, error, reset } = useConnect();
  const { disconnect } = useDisconnect();
  const [devnetIndex, setDevnetIndex] = useState<number>(userAccountIndexes[0] ?? 0);
  const selectId = useId();

  if (account.isConnected && account.address) {
    const walletChain = account.chainId === undefined ? undefined : chainByChainId(account.chainId);
    return (
      <section className="card wallet" aria-labelledby="wallet-heading">
        <h2 id="wallet-heading">Wallet</h2>
        <div className="wallet-connected">
          <p>
            <span className="muted">Connected with {account.connector?.name ?? 'a wallet'}</span>
            <br />
            <strong className="mono" data-testid="connected-address" title={account.address}>
              {shortHex(account.address, 6)}
            </strong>
          </p>
          <p>
            <span className="muted">Network</span>
            <br />
            <strong>{walletChain ? walletChain.label : `Unsupported network (chain id ${account.chainId ?? 'unknown'})`}</strong>
          </p>
          <button type="button" className="secondary" onClick={() => disconnect()}>
            Disconnect
          </button>
        </div>
      </section>
    );
  }

  const injected = connectors.filter((connector) => connector.type !== devnetAccount.type);
  const devnetConnector = connectors.find((connector) => connector.id === `devnet-${devnetIndex}`);
  const connectWith = (connector: Connector, chainId?: number) => {
    reset();
    connect(chainId === undefined ? { connector } : { connector, chainId });
  };
  const pendingName = isPending && variables && typeof variables.connector !== 'function' ? variables.connector.name : undefined;

  return (
    <section className="card wallet" aria-labelledby="wallet-heading">
      <h2 id="wallet-heading">Wallet</h2>
      <div className="connect-options">
        <div>
          <h3>Browser wallet</h3>
          {injected.length === 0 ? (
            <p className="muted">No browser wallet announced itself (EIP-6963). Install or unlock one, then reload.</p>
          ) : (
            <ul className="wallet-list">
              {injected.map((connector) => (
                <li key={connector.uid}>
                  <button type="button" className="wallet-button" disabled={isPending} onClick={() => connectWith(connector)}>
                    {connector.icon ? <img src={connector.icon} alt="" width={20} height={20} /> : null}
                    {connector.name}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
        {isLocalDevnet(manifest) && devnetConnector ? (
          <div>
            <h3>Devnet account</h3>
            <form
              className="devnet-connect"
              onSubmit={(event) => {
                event.preventDefault();
                connectWith(devnetConnector, chains[chain].chainId);
              }}
            >
              <label htmlFor={selectId}>Devnet account</label>
              <select id={selectId} value={devnetIndex} onChange={(event) => setDevnetIndex(Number(event.target.value))}>
                {userAccountIndexes.map((index) => (
                  <option key={index} value={index}>
                    #{index} · {shortHex(devnetAccounts[index]!.address)}
                  </option>
                ))}
              </select>
              <button type="submit" disabled={isPending}>
                Connect
              </button>
            </form>
            <p className="muted small">Funded anvil keys that sign in this page. Local chains only.</p>
          </div>
        ) : null}
      </div>
      <div role="status" aria-live="polite" className="status-line">
        {pendingName ? `Connecting ${pendingName}…` : null}
      </div>
      {error ? (
        <p role="alert" className="notice error">
          {describeError(error, { chainLabel: chains[chain].label }).message}
        </p>
      ) : null}
    </section>
  );
}
