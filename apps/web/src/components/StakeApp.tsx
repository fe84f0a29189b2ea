'use client';

import { useState } from 'react';
import { type ChainName, defaultSpokes } from '@tributary/config';
import { Portfolio } from './Portfolio';
import { StakeForm } from './StakeForm';
import { WalletPanel } from './WalletPanel';

export function StakeApp() {
  // Most stakers arrive from an L2: start on the first spoke.
  const [chain, setChain] = useState<ChainName>(defaultSpokes[0]);
  return (
    <div className="layout">
      <div className="column">
        <WalletPanel chain={chain} />
        <StakeForm chain={chain} onChainChange={setChain} />
      </div>
      <div className="column">
        <Portfolio selected={chain} />
      </div>
    </div>
  );
}
