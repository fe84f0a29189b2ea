'use client';

import { type ChainName, chainNames, chains } from '@tributary/config';

/** Radio buttons (arrow keys move between chains), styled as a segmented control. */
export function ChainPicker({ value, onChange, walletChainId }: { value: ChainName; onChange: (name: ChainName) => void; walletChainId?: number }) {
  return (
    <fieldset className="chain-picker">
      <legend>Chain</legend>
      <div className="segments">
        {chainNames.map((name) => {
          const chain = chains[name];
          return (
            <label key={name} className={name === value ? 'segment selected' : 'segment'}>
              <input type="radio" name="chain" value={name} checked={name === value} onChange={() => onChange(name)} />
              <span className="segment-label">{chain.label}</span>
              <span className="segment-role">
                {chain.role === 'hub' ? 'Hub' : 'Spoke'}
                {walletChainId === chain.chainId ? ' · wallet here' : ''}
              </span>
            </label>
          );
        })}
      </div>
    </fieldset>
  );
}
