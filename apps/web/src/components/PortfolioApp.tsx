'use client';

import { Portfolio } from './Portfolio';
import { WalletPanel } from './WalletPanel';

export function PortfolioApp() {
  return (
    <div className="layout single">
      <WalletPanel chain="hub" />
      <Portfolio />
    </div>
  );
}
