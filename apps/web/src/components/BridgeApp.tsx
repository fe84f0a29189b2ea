'use client';

import { useState } from 'react';
import { type ChainName, defaultSpokes } from '@tributary/config';
import { BridgeForm } from './BridgeForm';
import { Portfolio } from './Portfolio';
import { WalletPanel } from './WalletPanel';

export function BridgeApp() {
  const [route, setRoute] = useState<{ from: ChainName; to: ChainName }>({ from: defaultSpokes[0], to: defaultSpokes[1] });
  return (
    <div className="layout">
      <div className="column">
        <WalletPanel chain={route.from} />
        <BridgeForm from={route.from} to={route.to} onRouteChange={(from, to) => setRoute({ from, to })} />
      </div>
      <div className="column">
        <Portfolio selected={route.to} />
      </div>
    </div>
  );
}
